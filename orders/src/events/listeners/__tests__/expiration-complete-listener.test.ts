import { OrderStatus } from '@ticketing/common';
import { Order } from '../../../models/order';
import { givenOrder, lapsed, newId, startService, type TestService } from '../../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => {
  jest.restoreAllMocks();
  return svc.relay.flush();
});

describe('expiration:complete', () => {
  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    'when the order is %s, then it is cancelled, the ticket released and order:cancelled published',
    async (status) => {
      const order = await givenOrder({
        status,
        version: status === OrderStatus.Created ? 0 : 1,
        expiresAt: lapsed(),
      });
      const expected = order.version + 1;
      expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string })).toBe('ack');
      expect(await Order.findById(order.id).lean()).toMatchObject({
        status: 'cancelled',
        version: expected,
        lockKey: `released:${order.id as string}`,
      });
      await svc.relay.flush();
      expect(svc.bus.publishedData('order:cancelled')).toEqual([
        {
          id: order.id,
          version: expected,
          userId: order.userId,
          ticket: { id: order.ticket.id },
          holdSequence: 1,
        },
      ]);
    },
  );

  it("when it arrives before the order's window has closed by this service's clock, then nothing changes and it comes back when the window closes", async () => {
    const order = await givenOrder({ expiresAt: new Date(Date.now() + 60_000) });
    const decision = await svc.bus.decide('expiration:complete', { orderId: order.id as string });
    expect(decision).toEqual({ verdict: 'retry', retryInMs: expect.any(Number) });
    const { retryInMs } = decision as { retryInMs: number };
    expect(retryInMs).toBeGreaterThan(50_000);
    expect(retryInMs).toBeLessThanOrEqual(60_000);
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'created', version: 0 });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
    expect(svc.bus.deadLetters).toHaveLength(0);
  });

  it('when it is delivered twice, then the order is cancelled once and one event is published', async () => {
    const order = await givenOrder({ expiresAt: lapsed() });
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string })).toBe('ack');
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string })).toBe('ack');
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(1);
    expect((await Order.findById(order.id).lean())?.version).toBe(1);
  });

  it('when the order is completed, then it stays completed and nothing is published', async () => {
    const order = await givenOrder({ status: OrderStatus.Completed, version: 2 });
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string })).toBe('ack');
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'completed', version: 2 });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the order is unknown, then it is acked and nothing changes or is published', async () => {
    expect(await svc.bus.deliver('expiration:complete', { orderId: newId() })).toBe('ack');
    expect(await Order.countDocuments()).toBe(0);
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
    expect(svc.bus.deadLetters).toHaveLength(0);
  });

  it('when the database fails, then the message is retried on every delivery, never dead-lettered', async () => {
    const order = await givenOrder({ expiresAt: lapsed() });
    jest.spyOn(Order, 'findById').mockImplementation(() => {
      throw new Error('database unavailable');
    });
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string }, 1)).toBe('retry');
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string }, 5)).toBe('retry');
    expect(svc.bus.deadLetters).toHaveLength(0);
    jest.restoreAllMocks();
    expect(await svc.bus.deliver('expiration:complete', { orderId: order.id as string })).toBe('ack');
    expect((await Order.findById(order.id).lean())?.status).toBe('cancelled');
  });

  it('when the payload is invalid, then it goes to dead letter', async () => {
    expect(await svc.bus.deliver('expiration:complete', { orderId: 'nope' })).toBe('ack');
    expect(svc.bus.deadLetters.map((letter) => letter.subject)).toEqual(['expiration:complete']);
  });
});
