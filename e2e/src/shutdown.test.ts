import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { eventually, sleep, type TicketJson, type Visitor } from './support/api';

/** Runs `count` calls, `parallel` at a time, until done or `stopped()`; resolves with the bodies of the 201s. */
async function traffic<T>(
  count: number,
  parallel: number,
  call: (n: number) => Promise<{ status: number; body: T }>,
): Promise<T[]> {
  const accepted: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const { status, body } = await call((next += 1));
        if (status === 201) accepted.push(body);
      }
    }),
  );
  return accepted;
}

// SIGTERM in the middle of traffic: the service drains, publishes what its last writes left in the outbox and
// exits 0 within its grace period; nothing it accepted is lost, even before it starts again.
describe('graceful shutdown on stan', () => {
  let platform: TestPlatform;
  let buyer: Visitor;
  beforeAll(async () => {
    platform = await startTestPlatform('stan', { expirationWindowSeconds: 300 });
    buyer = await platform.visitor().signUp('buyer');
  });
  afterAll(() => platform.stop());

  it('when the tickets service is stopped while sellers list tickets, then it exits 0 and every ticket it accepted reaches orders before it is back', async () => {
    const seller = await platform.visitor().signUp('seller');
    const listing = traffic(300, 4, (n) =>
      seller.call<TicketJson>('POST', '/api/tickets', { title: `Shutdown ${n}`, price: 12 }),
    );
    await sleep(500);
    const exit = await platform.services.tickets.stop('SIGTERM', 60_000);
    const accepted = await listing;
    // 0, not the 1 of the forced exit when the 25 s grace runs out, nor a kill.
    expect(exit).toEqual({ code: 0, signal: null });
    expect(accepted.length).toBeGreaterThan(0);
    for (const ticket of accepted) await platform.untilSellable(seller, ticket.id);
    await platform.services.tickets.start();
  });

  it('when the orders service is stopped while buyers order, then it exits 0 and every order it accepted reserves its ticket before it is back', async () => {
    const listed = await Promise.all(Array.from({ length: 40 }, () => platform.listTicket()));
    for (const { seller, ticket } of listed) await platform.untilSellable(seller, ticket.id);
    const buyers = await Promise.all(Array.from({ length: 8 }, () => platform.visitor().signUp('buyer')));
    const ordering = traffic(listed.length, 4, (n) =>
      buyers[n % buyers.length]!.call<{ id: string; ticket: { id: string } }>('POST', '/api/orders', {
        ticketId: listed[n - 1]!.ticket.id,
      }),
    );
    await sleep(300);
    const exit = await platform.services.orders.stop('SIGTERM', 60_000);
    const accepted = await ordering;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(accepted.length).toBeGreaterThan(0);
    for (const order of accepted) {
      await eventually(() => platform.waitForTicket(order.ticket.id, (t) => t.orderId === order.id));
    }
    await platform.services.orders.start();
    expect((await buy(buyer, (await platform.listTicket()).ticket.id)).status).toBe('created');
  });
});
