import { OrderStatus } from '@ticketing/common';
import { Order } from '../../../models/order';
import { givenOrder, lapsed, newId, startService, type TestService } from '../../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

const paid = (orderId: string) => ({ id: newId(), orderId, stripeId: 'pi_123' });

describe('payment:created', () => {
  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    'when the order is %s, then it is completed and order:completed published',
    async (status) => {
      const order = await givenOrder({ status, version: status === OrderStatus.Created ? 0 : 1 });
      const expected = order.version + 1;
      expect(await svc.bus.deliver('payment:created', paid(order.id as string))).toBe('ack');
      expect(await Order.findById(order.id).lean()).toMatchObject({
        status: 'completed',
        version: expected,
        lockKey: order.ticket.id,
      });
      await svc.relay.flush();
      expect(svc.bus.publishedData('order:completed')).toEqual([
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

  it('when it is delivered twice, then one completion and one event', async () => {
    const order = await givenOrder();
    const data = paid(order.id as string);
    expect(await svc.bus.deliver('payment:created', data)).toBe('ack');
    expect(await svc.bus.deliver('payment:created', data)).toBe('ack');
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:completed')).toHaveLength(1);
    expect((await Order.findById(order.id).lean())?.version).toBe(1);
  });

  it('when the order was cancelled meanwhile, then it stays cancelled and the message is acked', async () => {
    const order = await givenOrder({ status: OrderStatus.Cancelled, version: 1 });
    expect(await svc.bus.deliver('payment:created', paid(order.id as string))).toBe('ack');
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'cancelled', version: 1 });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the payment and the expiration race, then the order ends in exactly one final state with one event', async () => {
    const order = await givenOrder({ expiresAt: lapsed() });
    const verdicts = await Promise.all([
      svc.bus.deliver('payment:created', paid(order.id as string)),
      svc.bus.deliver('expiration:complete', { orderId: order.id as string }),
    ]);
    expect(verdicts).toEqual(['ack', 'ack']);
    const final = await Order.findById(order.id).lean();
    expect(final?.version).toBe(1);
    await svc.relay.flush();
    const events = svc.bus.published.map((e) => e.subject);
    expect(events).toEqual([final?.status === 'completed' ? 'order:completed' : 'order:cancelled']);
  });

  it('when the order is unknown, then it is acked and nothing is published', async () => {
    expect(await svc.bus.deliver('payment:created', paid(newId()))).toBe('ack');
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the payload is invalid, then it goes to dead letter', async () => {
    expect(await svc.bus.deliver('payment:created', { id: newId(), orderId: newId() })).toBe('ack');
    expect(svc.bus.deadLetters.map((letter) => letter.subject)).toEqual(['payment:created']);
  });
});
