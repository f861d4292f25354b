import { sleep, type Visitor, type OrderJson, type TicketJson } from '../../src/support/api';
import { Caller, errorMessage, Tally, type Answer, type Policy } from './caller';
import { ClusterVisitor } from './visitor';

/** The heading only the ticket list rendered with its data has (an error page has another). */
export const HOME_HEADING = '<h1>Tickets for sale</h1>';

export interface Listing {
  id: string;
  title: string;
  price: number;
  seller: Visitor;
}

export interface Purchase {
  orderId: string;
  ticketId: string;
  buyer: Visitor;
  /** Found in the buyer's history after an attempt that got no answer (then refused as already reserved). */
  recovered: boolean;
  /** `acknowledged`: a 201 (or 202, pending); `recovered`: refused as already paid after an unanswered attempt. */
  paid?: 'acknowledged' | 'recovered';
}

export interface MarketOptions {
  sellers: number;
  buyers: number;
  /** Anonymous and signed-in reads of every HTTP application, the client's page included. */
  readers: number;
  policy: Policy;
  /** Tickets listed but not yet bought, at most: sellers wait beyond it, so listing keeps pace with buying. */
  backlog: number;
  /** A seller's pause between listings: steady traffic the two cores can carry beside the cluster. */
  listingPauseMs?: number;
  /** A reader's pause between rounds. */
  readPauseMs?: number;
}

const PASSWORD = 'correct horse battery';

/**
 * Steady, real parallel traffic through the gateway: sellers list tickets, buyers buy and pay for them (each
 * ticket goes to one buyer, so every refusal is unexpected), readers read. Every acknowledged request is
 * recorded, so that `lostEffects` (effects.ts) can check afterwards that each one had its effect.
 */
export class Market {
  readonly tally = new Tally();
  readonly listings: Listing[] = [];
  readonly purchases: Purchase[] = [];
  private readonly orderable: Listing[] = [];
  private pendingAdmissions = 0;
  private readonly admissions: Promise<void>[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly tag = `load-${Date.now().toString(36)}`;

  private constructor(
    readonly url: string,
    private readonly options: MarketOptions,
    private readonly sellers: Visitor[],
    readonly buyers: Visitor[],
    private readonly readers: Visitor[],
  ) {}

  /** Signs the traders up (before any fault: sign-up is not under test here). */
  static async open(url: string, options: MarketOptions): Promise<Market> {
    const signUp = (prefix: string, count: number) =>
      Promise.all(Array.from({ length: count }, () => new ClusterVisitor(url).signUp(prefix)));
    const [sellers, buyers, readers] = await Promise.all([
      signUp('seller', options.sellers),
      signUp('buyer', options.buyers),
      signUp('reader', options.readers),
    ]);
    return new Market(url, options, sellers, buyers, readers);
  }

  get paid(): number {
    return this.purchases.filter((p) => p.paid).length;
  }

  private caller(visitor: Visitor): Caller {
    return new Caller(visitor, this.url, this.tally, this.options.policy);
  }

  start(): void {
    this.running = true;
    this.loops = [
      ...this.sellers.map((seller, index) => this.sell(seller, index)),
      ...this.buyers.map((buyer) => this.buy(buyer)),
      ...this.readers.map((reader) => this.read(reader)),
    ];
  }

  /**
   * Resolves once `more` purchases than now have been paid while the traffic runs; throws at the first failed
   * request (the run is then over) or after timeoutMs.
   */
  async untilPaid(more: number, what: string, timeoutMs = 240_000): Promise<void> {
    const target = this.paid + more;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.tally.failures.length > 0) {
        throw new Error(`traffic failed before ${what}:\n${this.tally.failures.join('\n')}`);
      }
      if (this.paid >= target) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${this.describe()})`);
      await sleep(250);
    }
  }

  /** Stops taking new work; resolves once every trader has finished what it was doing. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.admissions);
  }

  describe(): string {
    return (
      `${this.listings.length} tickets listed, ${this.purchases.length} orders placed, ${this.paid} paid; ` +
      this.tally.summary()
    );
  }

  private async sell(seller: Visitor, index: number): Promise<void> {
    const caller = this.caller(seller);
    for (let n = 0; this.running; n += 1) {
      if (this.orderable.length + this.pendingAdmissions >= this.options.backlog) {
        await sleep(100);
        continue;
      }
      const title = `${this.tag} s${index} #${n}`;
      const price = 10 + (n % 40);
      const answer = await caller.call<TicketJson>('POST', '/api/tickets', { title, price });
      if (answer?.status === 201) {
        const listing = { id: answer.body.id, title, price, seller };
        this.listings.push(listing);
        this.pendingAdmissions += 1;
        this.admissions.push(this.admit(caller, listing));
      } else if (answer) {
        this.tally.fail(`listing refused: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      await sleep(this.options.listingPauseMs ?? 200);
    }
  }

  /**
   * A ticket is offered to buyers once the orders service knows it (its copy came with ticket:created): the
   * seller's own purchase is then refused as such, where before it was a 404.
   */
  private async admit(caller: Caller, listing: Listing): Promise<void> {
    try {
      const deadline = Date.now() + 180_000;
      for (;;) {
        const answer = await caller.call('POST', '/api/orders', { ticketId: listing.id });
        if (!answer) return;
        if (answer.status === 400 && errorMessage(answer.body) === 'You cannot buy your own ticket') {
          this.orderable.push(listing);
          return;
        }
        if (answer.status !== 404 || Date.now() > deadline) {
          this.tally.fail(
            `ticket ${listing.id} never orderable: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
          return;
        }
        await sleep(250);
      }
    } finally {
      this.pendingAdmissions -= 1;
    }
  }

  private async buy(buyer: Visitor): Promise<void> {
    const caller = this.caller(buyer);
    while (this.running) {
      const listing = this.orderable.shift();
      if (!listing) {
        await sleep(100);
        continue;
      }
      const purchase = await this.order(caller, listing);
      if (purchase) await this.pay(caller, purchase);
    }
  }

  private async order(caller: Caller, listing: Listing): Promise<Purchase | undefined> {
    const answer = await caller.call<OrderJson>('POST', '/api/orders', { ticketId: listing.id });
    if (!answer) return undefined;
    const purchase = (orderId: string, recovered: boolean): Purchase => {
      const placed = {
        orderId,
        ticketId: listing.id,
        buyer: caller.visitor,
        recovered,
      };
      this.purchases.push(placed);
      return placed;
    };
    if (answer.status === 201) return purchase(answer.body.id, false);
    if (
      answer.retried &&
      answer.status === 400 &&
      errorMessage(answer.body) === 'Ticket is already reserved'
    ) {
      // The unanswered attempt may have placed the order: then it is this buyer's.
      const mine = (await ordersOf(caller))?.find(
        (o) => o.ticket.id === listing.id && o.status !== 'cancelled',
      );
      if (mine) return purchase(mine.id, true);
    }
    this.tally.fail(`order of ${listing.id} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return undefined;
  }

  private async pay(caller: Caller, purchase: Purchase): Promise<void> {
    const deadline = Date.now() + 180_000;
    // The lock is confirmed once tickets has reserved the ticket (order:created, then ticket:updated back).
    for (;;) {
      const order = await caller.call<OrderJson>('GET', `/api/orders/${purchase.orderId}`);
      if (!order) return;
      if (order.status !== 200 || order.body.status === 'cancelled' || order.body.status === 'completed') {
        this.tally.fail(
          `order ${purchase.orderId} before payment: ${order.status} ${JSON.stringify(order.body)}`,
        );
        return;
      }
      if (order.body.status === 'awaiting_payment') break;
      if (Date.now() > deadline) {
        this.tally.fail(`order ${purchase.orderId} never awaiting payment`);
        return;
      }
      await sleep(200);
    }
    let unanswered = false;
    for (;;) {
      const answer = await caller.call('POST', '/api/payments', {
        orderId: purchase.orderId,
        token: 'pm_card_visa',
      });
      if (!answer) return;
      unanswered ||= answer.retried;
      if (answer.status === 201 || answer.status === 202) {
        purchase.paid = 'acknowledged';
        return;
      }
      if (unanswered && answer.status === 400 && errorMessage(answer.body) === 'Order already paid') {
        purchase.paid = 'recovered';
        return;
      }
      // payments learns of the order from order:created: it waits 3 s for it, then answers 404. A delivery
      // delayed by a killed consumer (redelivered after the ack wait) is such a case, allowed when retrying.
      if (answer.status === 404 && this.options.policy === 'retry' && Date.now() < deadline) {
        await sleep(500);
        continue;
      }
      this.tally.fail(
        `payment of ${purchase.orderId} refused: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
      return;
    }
  }

  private async read(reader: Visitor): Promise<void> {
    const caller = this.caller(reader);
    for (let round = 0; this.running; round += 1) {
      const list = await caller.call<TicketJson[]>('GET', '/api/tickets?limit=5');
      if (list && (list.status !== 200 || !Array.isArray(list.body))) {
        this.tally.fail(`ticket list: ${list.status} ${JSON.stringify(list.body)}`);
      }
      const me = await caller.call<{ currentUser: { id: string } | null }>('GET', '/api/users/currentuser');
      if (me && (me.status !== 200 || me.body.currentUser?.id !== reader.id)) {
        this.tally.fail(`current user: ${me.status} ${JSON.stringify(me.body)}`);
      }
      // A sign-in costs a password hash: one round in five.
      if (round % 5 === 0) {
        const signIn = await caller.call('POST', '/api/users/signin', {
          email: reader.email,
          password: PASSWORD,
        });
        if (signIn && signIn.status !== 200) {
          this.tally.fail(`sign in: ${signIn.status} ${JSON.stringify(signIn.body)}`);
        }
      }
      const history = await caller.call('GET', '/api/orders');
      if (history && history.status !== 200) this.tally.fail(`order history: ${history.status}`);
      const page = await caller.page('/');
      if (page && (page.status !== 200 || !page.html.includes(HOME_HEADING))) {
        this.tally.fail(`client page: ${page.status} ${page.html.slice(0, 200)}`);
      }
      await sleep(this.options.readPauseMs ?? 200);
    }
  }
}

/** Every order of the caller, following the history's pages. */
export async function ordersOf(caller: Caller): Promise<OrderJson[] | undefined> {
  const orders: OrderJson[] = [];
  let path: string | undefined = '/api/orders?limit=100';
  while (path) {
    const page: Answer<OrderJson[]> | undefined = await caller.call<OrderJson[]>('GET', path);
    if (page?.status !== 200) return undefined;
    orders.push(...page.body);
    path = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
  }
  return orders;
}
