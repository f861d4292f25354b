import { OrderStatus } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { Order } from './models/order';
import { Sweeper } from './sweeper';
import { givenOrder, startService, type TestService } from './test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

const past = () => new Date(Date.now() - 1_000);

describe('Sweeper', () => {
  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    'when a %s order has lapsed and no expiration event came, then it is cancelled and order:cancelled published',
    async (status) => {
      const order = await givenOrder({ status, expiresAt: past() });
      const sweeper = new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 });
      expect(await sweeper.sweepOnce()).toBe(1);
      expect(await Order.findById(order.id).lean()).toMatchObject({
        status: 'cancelled',
        version: 1,
        lockKey: `released:${order.id as string}`,
      });
      await svc.relay.flush();
      expect(svc.bus.publishedData('order:cancelled')).toEqual([
        {
          id: order.id,
          version: 1,
          userId: order.userId,
          ticket: { id: order.ticket.id },
          holdSequence: 1,
        },
      ]);
    },
  );

  it('when orders are completed, cancelled or not yet due, then it leaves them alone', async () => {
    const completed = await givenOrder({ status: OrderStatus.Completed, version: 2, expiresAt: past() });
    const cancelled = await givenOrder({ status: OrderStatus.Cancelled, version: 1, expiresAt: past() });
    const open = await givenOrder();
    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce()).toBe(0);
    expect(await Order.findById(completed.id).lean()).toMatchObject({ status: 'completed', version: 2 });
    expect(await Order.findById(cancelled.id).lean()).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await Order.findById(open.id).lean()).toMatchObject({ status: 'created', version: 0 });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the sweeper cancels lapsed orders, then its cancellation counter moves by as many, and not for the others', async () => {
    const CANCELLED = 'ticketing_sweeper_cancelled_orders_total';
    await Promise.all([1, 2].map(() => givenOrder({ expiresAt: past() })));
    await givenOrder();
    const before = await metricValue(CANCELLED);

    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce()).toBe(2);
    expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce()).toBe(0);

    expect(await metricValue(CANCELLED)).toBe(before + 2);
  });

  it('when one lapsed order cannot be cancelled now, then the others are cancelled in the same sweep', async () => {
    const [stuck, ...others] = await Promise.all([1, 2, 3].map(() => givenOrder({ expiresAt: past() })));
    const updateOne = Order.updateOne.bind(Order);
    const spy = jest.spyOn(Order, 'updateOne').mockImplementation(((filter, update, options) => {
      if (String((filter as { _id?: unknown })._id) === stuck!.id) throw new Error('database blip');
      return updateOne(filter, update, options);
    }) as typeof Order.updateOne);
    try {
      expect(await new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce()).toBe(2);
    } finally {
      spy.mockRestore();
    }
    for (const order of others) expect((await Order.findById(order.id).lean())?.status).toBe('cancelled');
    expect((await Order.findById(stuck!.id).lean())?.status).toBe('created');
  });

  it('when two sweepers run at once, then each lapsed order is cancelled once with one event', async () => {
    const orders = await Promise.all([1, 2, 3].map(() => givenOrder({ expiresAt: past() })));
    const [a, b] = [1, 2].map(() => new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }));
    const counts = await Promise.all([a!.sweepOnce(), b!.sweepOnce()]);
    expect(counts[0]! + counts[1]!).toBe(3);
    await svc.relay.flush();
    const events = svc.bus.publishedData('order:cancelled');
    expect(events.map((e) => e.id).sort()).toEqual(orders.map((o) => o.id as string).sort());
    expect(events.every((e) => e.version === 1)).toBe(true);
  });

  it('when started, then it sweeps on its own interval, and stop() waits for the sweep in progress', async () => {
    const order = await givenOrder({ expiresAt: past() });
    const sweeper = new Sweeper({ intervalMs: 100, lapseGraceMs: 0 });
    sweeper.start();
    for (let n = 0; n < 50 && (await Order.findById(order.id).lean())?.status !== 'cancelled'; n += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await sweeper.stop();
    expect((await Order.findById(order.id).lean())?.status).toBe('cancelled');
  });
});
