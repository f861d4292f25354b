import Redis from 'ioredis';
import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { sleep, type TicketJson } from './support/api';

// Faults while events flow: the platform converges with nothing lost or doubled, on both transports.
describe.each(['stan', 'jetstream'] as const)('faults on %s', (transport) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // A long order window: a consumer killed -9 leaves messages unacked until the ack wait (10 s) passes.
    platform = await startTestPlatform(transport, { expirationWindowSeconds: 300 });
  });
  afterAll(() => platform.stop());

  it('when the tickets service is killed -9 while order events flow, then after restart every ticket is reserved exactly once', async () => {
    const listed = await Promise.all(Array.from({ length: 8 }, () => platform.listTicket()));
    // Two buyers: one may hold at most MAX_OPEN_ORDERS_PER_BUYER (5) open orders.
    const buyers = [await platform.visitor().signUp('buyer'), await platform.visitor().signUp('buyer')];
    const ordering = (async () => {
      const orders = [];
      for (const [index, { ticket }] of listed.entries())
        orders.push(await buy(buyers[index % 2]!, ticket.id));
      return orders;
    })();
    await sleep(150);
    await platform.services.tickets.kill();
    const orders = await ordering;
    await platform.services.tickets.start();
    for (const [index, { ticket }] of listed.entries()) {
      const final = await platform.waitForTicket(ticket.id, (t) => t.orderId === orders[index]!.id);
      // created at version 0, reserved once: a doubled reservation would have moved it further.
      expect(final.version).toBe(1);
    }
  });

  it('when the orders service is killed -9 and restarted, then orders placed before it stay and complete', async () => {
    const { ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    await platform.services.orders.kill();
    await platform.services.orders.start();
    await platform.waitForOrder(buyer, order.id, 'awaiting_payment');
    expect(
      (await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(201);
    await platform.waitForOrder(buyer, order.id, 'completed');
    const sold = await platform.waitForTicket(ticket.id, (t: TicketJson) => t.sold);
    expect(sold.version).toBe(2);
  });

  it('when the broker dies and comes back, then events written meanwhile are delivered', async () => {
    const { seller, ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    // Orders must know the ticket before the broker goes away.
    await platform.untilSellable(seller, ticket.id);
    const broker = platform.dependencies.find((d) => d.name === transport)!.server!;
    await broker.stop('SIGKILL');
    // While the broker is down the order is still taken: its event waits in the outbox.
    const order = await buy(buyer, ticket.id);
    await broker.start();
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    await platform.waitForOrder(buyer, order.id, 'awaiting_payment');
  });
});

describe.each(['stan', 'jetstream'] as const)('lost expiration jobs on %s', (transport) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(transport, { expirationWindowSeconds: 4, sweepIntervalMs: 1_000 });
  });
  afterAll(() => platform.stop());

  it('when Redis loses the expiration job, then the sweeper still lapses the order and releases the ticket', async () => {
    const { ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    const redis = new Redis(platform.env.REDIS_URL!);
    await redis.flushall();
    await redis.quit();
    await platform.waitForOrder(buyer, order.id, 'cancelled');
    await platform.waitForTicket(ticket.id, (t) => t.orderId === null);
  });
});
