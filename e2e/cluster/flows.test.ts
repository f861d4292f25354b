import { eventually, type Visitor, type OrderJson, type TicketJson } from '../src/support/api';
import { buy } from '../src/support/platform';
import { errorMessage } from './support/caller';
import { deploymentEnv, setDeploymentEnv, timed, waitForAllReady } from './support/cluster';
import { startClusterGateway, type ClusterGateway } from './support/gateway';
import { HOME_HEADING } from './support/market';
import { payOnceKnown, untilOrder, untilTicket } from './support/waits';
import { ClusterVisitor } from './support/visitor';

const PASSWORD = 'correct horse battery';

/** Letters only, so that the ticket search takes it as one word of the title. */
const word = () =>
  Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

// The user flows of the design against the cluster: every request goes through the Services (ClusterIPs, as
// kube-proxy routes them) behind the project's gateway, which routes as the Ingress does.
describe('the platform on the cluster, through its Services', () => {
  let gateway: ClusterGateway;
  const visitor = () => new ClusterVisitor(gateway.url);

  beforeAll(async () => {
    await timed('every pod Ready', () => waitForAllReady());
    gateway = await timed('gateway over the ClusterIPs', () => startClusterGateway());
  }, 600_000);
  afterAll(() => gateway?.stop());

  /** The session cookie a sign-in gives (the client's pages read it). */
  async function sessionCookie(email: string): Promise<string> {
    const response = await fetch(`${gateway.url}/api/users/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  async function page(
    path: string,
    cookie?: string,
  ): Promise<{ status: number; type: string; html: string }> {
    const response = await fetch(`${gateway.url}${path}`, { headers: cookie ? { cookie } : {} });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      html: await response.text(),
    };
  }

  async function list(seller: Visitor, title: string, price: number): Promise<TicketJson> {
    const { status, body } = await seller.call<TicketJson>('POST', '/api/tickets', { title, price });
    expect(status).toBe(201);
    return body;
  }

  it('when a visitor signs up, out and in, then every service sees the session it has', async () => {
    const user = await visitor().signUp('flow');
    expect(await user.call('GET', '/api/users/currentuser')).toMatchObject({
      status: 200,
      body: { currentUser: { id: user.id, email: user.email } },
    });
    // Another service verifies the same cookie with the public key auth's private key pairs with.
    expect((await user.call('GET', '/api/orders')).status).toBe(200);

    expect(await user.call('POST', '/api/users/signout')).toMatchObject({ status: 200, body: {} });
    expect(await user.call('GET', '/api/users/currentuser')).toMatchObject({ body: { currentUser: null } });
    expect((await user.call('GET', '/api/orders')).status).toBe(401);

    const wrong = await user.call('POST', '/api/users/signin', {
      email: user.email,
      password: 'not the password',
    });
    expect(wrong).toMatchObject({ status: 400, body: { errors: [{ message: 'Invalid credentials' }] } });
    const again = await user.call('POST', '/api/users/signin', {
      email: user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(again).toMatchObject({ status: 200, body: { id: user.id, email: user.email } });
    expect(await user.call('GET', '/api/users/currentuser')).toMatchObject({
      body: { currentUser: { id: user.id } },
    });

    const twice = await visitor().call('POST', '/api/users/signup', {
      email: user.email,
      password: PASSWORD,
    });
    expect(twice).toMatchObject({ status: 400, body: { errors: [{ message: 'Email in use' }] } });
  });

  it('when a buyer orders a listed ticket and pays with the sandbox card, then the order completes, the ticket is sold and the history shows it', async () => {
    const seller = await visitor().signUp('seller');
    const title = `Cluster concert ${word()}`;
    const listed = await list(seller, title, 42.5);
    expect(listed).toMatchObject({ title, price: 42.5, userId: seller.id, orderId: null, sold: false });

    const buyer = await visitor().signUp('buyer');
    const order = await buy(buyer, listed.id);
    expect(order).toMatchObject({
      status: 'created',
      userId: buyer.id,
      ticket: { id: listed.id, title, price: 42.5 },
    });

    // The lock: tickets reserved it for this order, nobody else may order it, the seller may not edit it.
    await untilTicket(gateway.url, listed.id, (t) => t.orderId === order.id);
    const other = await visitor().signUp('buyer');
    expect(await other.call('POST', '/api/orders', { ticketId: listed.id })).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Ticket is already reserved' }] },
    });
    expect(await seller.call('PUT', `/api/tickets/${listed.id}`, { title: 'x', price: 1 })).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot edit a reserved ticket' }] },
    });

    await untilOrder(buyer, order.id, 'awaiting_payment');
    const payment = await payOnceKnown(buyer, order.id, 'pm_card_visa');
    expect(payment).toMatchObject({ status: 201, body: { orderId: order.id, status: 'completed' } });
    expect(payment.body.stripeId).toMatch(/^pi_sandbox_/);

    await untilOrder(buyer, order.id, 'completed');
    const sold = await untilTicket(gateway.url, listed.id, (t) => t.sold);
    expect(sold).toMatchObject({ orderId: order.id, version: 2 });
    const history = await buyer.call<OrderJson[]>('GET', '/api/orders');
    expect(history.body).toEqual([
      expect.objectContaining({
        id: order.id,
        status: 'completed',
        ticket: { id: listed.id, title, price: 42.5 },
      }),
    ]);
    expect(
      (await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(400);

    // The client renders the history on the server, with the buyer's cookie, from the orders Service.
    const orders = await page('/orders', await sessionCookie(buyer.email));
    expect(orders.status).toBe(200);
    expect(orders.html).toContain('<h1>My orders</h1>');
    expect(orders.html).toContain(`href="/orders/${order.id}"`);
    expect(orders.html).toContain(title);
    expect(orders.html).toContain('badge--completed');
  });

  it('when the card is declined, then the buyer gets 402, the order is cancelled and the ticket is for sale again', async () => {
    const seller = await visitor().signUp('seller');
    const listed = await list(seller, `Declined matinee ${word()}`, 19.99);
    const buyer = await visitor().signUp('buyer');
    const order = await buy(buyer, listed.id);
    await untilOrder(buyer, order.id, 'awaiting_payment');

    const declined = await payOnceKnown(buyer, order.id, 'pm_card_chargeDeclined');
    expect(declined).toMatchObject({
      status: 402,
      body: { errors: [{ message: 'Your card was declined.' }] },
    });
    await untilOrder(buyer, order.id, 'cancelled');
    await untilTicket(gateway.url, listed.id, (t) => t.orderId === null && !t.sold);

    const next = await visitor().signUp('buyer');
    expect((await buy(next, listed.id)).status).toBe('created');
  });

  it('when the home page is asked for through the client Service, then it is rendered on the server with the tickets for sale', async () => {
    const seller = await visitor().signUp('seller');
    const token = word();
    const listed = await list(seller, `Rendered on the server ${token}`, 12);
    const home = await eventually(async () => {
      const answer = await page(`/?q=${token}`);
      if (answer.status !== 200 || !answer.html.includes(listed.title)) {
        throw new Error(`home page ${answer.status} without the ticket: ${answer.html.slice(0, 300)}`);
      }
      return answer;
    }, 60_000);
    expect(home.type).toMatch(/^text\/html/);
    expect(home.html).toContain(HOME_HEADING);
    expect(home.html).toContain(`href="/tickets/${listed.id}"`);
  });

  // The window is the orders Deployment's EXPIRATION_WINDOW_SECONDS (900 in the manifests) and the lapse comes
  // LAPSE_GRACE_SECONDS (120) after it: both shortened for this test with `kubectl set env` (one rollout), and put
  // back afterwards whatever happens.
  describe('with a short order window', () => {
    const SHORT = { EXPIRATION_WINDOW_SECONDS: '20', LAPSE_GRACE_SECONDS: '5' };
    const WINDOW_SECONDS = Number(SHORT.EXPIRATION_WINDOW_SECONDS);
    const variables = Object.keys(SHORT);
    let original: Record<string, string | undefined> | undefined;

    beforeAll(async () => {
      const manifests: Record<string, string | undefined> = {};
      for (const variable of variables) manifests[variable] = await deploymentEnv('orders', variable);
      original = manifests;
      await timed(`orders rolled out with a ${WINDOW_SECONDS} s window and a 5 s grace`, () =>
        setDeploymentEnv('orders', SHORT),
      );
    }, 660_000);

    afterAll(async () => {
      const restore = original;
      if (!restore) return;
      await timed('orders window restored', () => setDeploymentEnv('orders', restore));
      for (const variable of variables) {
        expect(await deploymentEnv('orders', variable)).toBe(restore[variable]);
      }
    }, 660_000);

    it('when an order is not paid within the window, then it lapses and the ticket is for sale again', async () => {
      const seller = await visitor().signUp('seller');
      const listed = await list(seller, `Lapsing ${word()}`, 30);
      const buyer = await visitor().signUp('buyer');
      const order = await buy(buyer, listed.id);
      const window = new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime();
      expect(Math.abs(window - WINDOW_SECONDS * 1000)).toBeLessThan(1_000);

      await untilTicket(gateway.url, listed.id, (t) => t.orderId === order.id);
      const other = await visitor().signUp('buyer');
      expect(errorMessage((await other.call('POST', '/api/orders', { ticketId: listed.id })).body)).toBe(
        'Ticket is already reserved',
      );

      const lapsed = await untilOrder(buyer, order.id, 'cancelled');
      expect(Date.now()).toBeGreaterThanOrEqual(new Date(lapsed.expiresAt).getTime() + 5_000);
      await untilTicket(gateway.url, listed.id, (t) => t.orderId === null && !t.sold);
      expect(
        (await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
      ).toBe(400);
      expect((await buy(other, listed.id)).status).toBe('created');
    }, 180_000);
  });
});
