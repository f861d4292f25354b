import { Visitor, sleep, type OrderJson, type TicketJson } from '../support/api';
import type { Random } from './random';

/** When an answer came: before the first fault, while faults ran, or once they had all cleared. */
export type Phase = 'faults' | 'after';

export interface Answer {
  phase: Phase;
  /** `POST /api/orders`, ids replaced by `:id`. */
  route: string;
  /** 0: no answer (refused, reset, timed out). */
  status: number;
}

export interface PlacedOrder {
  id: string;
  ticketId: string;
  buyer: Visitor;
  /** The answer to the buyer's payment, if they paid. */
  payment?: { token: string; status: number };
}

const OFFERED_PER_SELLER = 3;
const TOKENS = { good: 'pm_card_visa', declined: 'pm_card_chargeDeclined' } as const;
// Each request gives up after this: a paused service must not stall a buyer for good.
const REQUEST_TIMEOUT_MS = 45_000;

/**
 * A mixed load: sellers list and edit, buyers order, then pay (good or declined card), cancel, or walk away and let
 * the order lapse. Every answer is recorded by phase; nothing here asserts: the invariants are checked afterwards.
 */
export class Market {
  phase: Phase = 'faults';
  readonly answers: Answer[] = [];
  readonly tickets = new Set<string>();
  readonly orders: PlacedOrder[] = [];
  readonly buyers: Visitor[] = [];
  private readonly sellers: { visitor: Visitor; tickets: string[] }[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly random: Random,
  ) {}

  private async call<T>(who: Visitor, method: string, path: string, body?: unknown) {
    const route = `${method} ${path.replace(/[0-9a-f]{24}/g, ':id').replace(/\?.*$/, '')}`;
    const phase = this.phase;
    try {
      const answer = await who.call<T>(method, path, body);
      this.answers.push({ phase, route, status: answer.status });
      return answer;
    } catch {
      this.answers.push({ phase, route, status: 0 });
      return undefined;
    }
  }

  /** Signs everyone up before any fault. */
  async open(sellers: number, buyers: number): Promise<void> {
    for (let i = 0; i < sellers; i += 1) {
      this.sellers.push({
        visitor: await new Visitor(this.baseUrl, REQUEST_TIMEOUT_MS).signUp('seller'),
        tickets: [],
      });
    }
    for (let i = 0; i < buyers; i += 1) {
      this.buyers.push(await new Visitor(this.baseUrl, REQUEST_TIMEOUT_MS).signUp('buyer'));
    }
  }

  start(): void {
    this.running = true;
    this.loops = [
      ...this.sellers.map((seller, i) => this.sell(seller, this.random.fork(`seller-${i}`))),
      ...this.buyers.map((buyer, i) => this.buy(buyer, this.random.fork(`buyer-${i}`))),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /**
   * A seller keeps about three tickets on offer: an edit refused (the ticket was reserved or sold meanwhile) takes
   * one off the seller's offer, and a new one is listed, so supply follows demand for the whole run.
   */
  private async sell(seller: { visitor: Visitor; tickets: string[] }, random: Random): Promise<void> {
    while (this.running) {
      const price = random.int(500, 20_000) / 100;
      if (seller.tickets.length < OFFERED_PER_SELLER && (seller.tickets.length === 0 || random.chance(0.6))) {
        const answer = await this.call<TicketJson>(seller.visitor, 'POST', '/api/tickets', {
          title: 'Chaos gig',
          price,
        });
        if (answer?.status === 201) {
          seller.tickets.push(answer.body.id);
          this.tickets.add(answer.body.id);
        }
      } else if (seller.tickets.length > 0) {
        const ticketId = random.pick(seller.tickets);
        const answer = await this.call(seller.visitor, 'PUT', `/api/tickets/${ticketId}`, {
          title: 'Chaos gig',
          price,
        });
        if (answer?.status === 400) seller.tickets = seller.tickets.filter((id) => id !== ticketId);
      }
      await sleep(random.int(1_000, 3_000));
    }
  }

  private async buy(buyer: Visitor, random: Random): Promise<void> {
    while (this.running) {
      await sleep(random.int(300, 1_500));
      const list = await this.call<TicketJson[]>(buyer, 'GET', '/api/tickets?limit=30');
      if (list?.status !== 200 || !Array.isArray(list.body) || list.body.length === 0) continue;
      const ticket = random.pick(list.body);
      const placed = await this.call<OrderJson>(buyer, 'POST', '/api/orders', { ticketId: ticket.id });
      if (placed?.status !== 201) continue;
      const order: PlacedOrder = { id: placed.body.id, ticketId: ticket.id, buyer };
      this.orders.push(order);
      const roll = random.next();
      if (roll < 0.55) await this.pay(order, TOKENS.good);
      else if (roll < 0.7) await this.pay(order, TOKENS.declined);
      else if (roll < 0.85) await this.call(buyer, 'DELETE', `/api/orders/${order.id}`);
      // else: walks away; the order lapses
    }
  }

  /** Pays once the order awaits payment (tickets confirmed its price), or tries anyway after 20 s. */
  private async pay(order: PlacedOrder, token: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const answer = await this.call<OrderJson>(order.buyer, 'GET', `/api/orders/${order.id}`);
      if (answer?.status === 200 && answer.body.status !== 'created') break;
      await sleep(500);
    }
    const answer = await this.call(order.buyer, 'POST', '/api/payments', { orderId: order.id, token });
    order.payment = { token, status: answer?.status ?? 0 };
  }
}
