import { OrderStatus } from '@ticketing/common';
import { Order } from '../../../models/order';
import { givenOrder, newId, startService, type TestService } from '../../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

const failed = (orderId: string) => ({ orderId, reason: 'card declined' });

describe('payment:failed', () => {
  it('when the order awaits payment, then it is cancelled and order:cancelled published', async () => {
    const order = await givenOrder({ status: OrderStatus.AwaitingPayment, version: 1 });
    expect(await svc.bus.deliver('payment:failed', failed(order.id as string))).toBe('ack');
    expect(await Order.findById(order.id).lean()).toMatchObject({
      status: 'cancelled',
      version: 2,
      lockKey: `released:${order.id as string}`,
    });
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toEqual([
      {
        id: order.id,
        version: 2,
        userId: order.userId,
        ticket: { id: order.ticket.id },
        holdSequence: 1,
      },
    ]);
  });

  it('when it is delivered twice, then one cancellation and one event', async () => {
    const order = await givenOrder();
    expect(await svc.bus.deliver('payment:failed', failed(order.id as string))).toBe('ack');
    expect(await svc.bus.deliver('payment:failed', failed(order.id as string))).toBe('ack');
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(1);
  });

  it('when the order is completed, then it stays completed', async () => {
    const order = await givenOrder({ status: OrderStatus.Completed, version: 2 });
    expect(await svc.bus.deliver('payment:failed', failed(order.id as string))).toBe('ack');
    expect(await Order.findById(order.id).lean()).toMatchObject({ status: 'completed', version: 2 });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the order is unknown, then it is acked and nothing is published', async () => {
    expect(await svc.bus.deliver('payment:failed', failed(newId()))).toBe('ack');
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the payload is invalid, then it goes to dead letter', async () => {
    expect(await svc.bus.deliver('payment:failed', { orderId: newId() })).toBe('ack');
    expect(svc.bus.deadLetters.map((letter) => letter.subject)).toEqual(['payment:failed']);
  });
});
