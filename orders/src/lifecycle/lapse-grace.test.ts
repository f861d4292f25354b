import { OrderStatus } from '@ticketing/common';
import { Order } from '../models/order';
import { Sweeper } from '../sweeper';
import { givenOrder, newId, startService, type TestService } from '../test/service';

// Issue 25, defect 6: a buyer paid in time and was told 201 "completed", the bus held payment:created back, the
// order's window closed meanwhile and the lapse cancelled it; the payment was refunded and the ticket put back on
// sale. An order lapses LAPSE_GRACE_SECONDS after its expiresAt, so a payment made in time wins over the lapse for a
// delay of up to the grace plus payments' margin.
const GRACE_MS = 120_000;

let svc: TestService;
beforeEach(async () => {
  svc = await startService({ lapseGraceMs: GRACE_MS });
});
afterEach(() => svc.relay.flush());

/** An awaiting-payment order whose window closed `msAgo` ago. */
const windowClosed = (msAgo: number) =>
  givenOrder({ status: OrderStatus.AwaitingPayment, version: 1, expiresAt: new Date(Date.now() - msAgo) });

describe('the lapse grace', () => {
  it('when expiration:complete arrives after the window but within the grace, then the order stays open and the message comes back when the grace ends', async () => {
    const order = await windowClosed(30_000);
    const decision = await svc.bus.decide('expiration:complete', { orderId: order.id as string });
    expect(decision).toEqual({ verdict: 'retry', retryInMs: expect.any(Number) });
    const { retryInMs } = decision as { retryInMs: number };
    expect(retryInMs).toBeGreaterThan(GRACE_MS - 30_000 - 5_000);
    expect(retryInMs).toBeLessThanOrEqual(GRACE_MS - 30_000);
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'awaiting_payment', version: 1 });
    expect(svc.bus.deadLetters).toHaveLength(0);
  });

  it('when a payment made in time reaches orders after the window closed, within the grace, then it completes the order and the later lapse leaves it completed', async () => {
    const order = await windowClosed(90_000);
    expect(await svc.bus.decide('expiration:complete', { orderId: order.id as string })).toMatchObject({
      verdict: 'retry',
    });
    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: GRACE_MS }).sweepOnce()).toBe(0);

    const paid = { id: newId(), orderId: order.id as string, stripeId: 'pi_late' };
    expect(await svc.bus.deliver('payment:created', paid)).toBe('ack');
    expect(
      await new Sweeper({ intervalMs: 1_000, lapseGraceMs: GRACE_MS }).sweepOnce(
        new Date(Date.now() + GRACE_MS),
      ),
    ).toBe(0);
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'completed', version: 2 });
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:completed')).toHaveLength(1);
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(0);
  });

  it('when the grace has passed too, then expiration:complete and the sweeper cancel the order', async () => {
    const [byExpiration, bySweeper] = await Promise.all([
      windowClosed(GRACE_MS + 1_000),
      windowClosed(GRACE_MS + 1_000),
    ]);
    expect(await svc.bus.deliver('expiration:complete', { orderId: byExpiration.id as string })).toBe('ack');
    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: GRACE_MS }).sweepOnce()).toBe(1);
    for (const order of [byExpiration, bySweeper]) {
      expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'cancelled', version: 2 });
    }
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(2);
  });

  it('when the sweeper runs within the grace, then it leaves lapsing orders open', async () => {
    const order = await windowClosed(GRACE_MS - 10_000);
    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: GRACE_MS }).sweepOnce()).toBe(0);
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'awaiting_payment', version: 1 });
  });

  it('when the payment fails within the grace, then the order is cancelled at once (only the lapse waits)', async () => {
    const order = await windowClosed(10_000);
    expect(await svc.bus.deliver('payment:failed', { orderId: order.id as string, reason: 'declined' })).toBe(
      'ack',
    );
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'cancelled', version: 2 });
  });
});
