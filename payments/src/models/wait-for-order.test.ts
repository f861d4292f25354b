import { Types } from 'mongoose';
import { OrderStatus } from '@ticketing/common';
import { Order } from './order';
import { applyOrderEvent } from './apply-order-event';
import { findOrderAllowingLag } from './wait-for-order';

const userId = new Types.ObjectId().toHexString();
const expiresAt = new Date(Date.now() + 15 * 60_000);
const awaitingPayment = (order: Order) => order.status === OrderStatus.AwaitingPayment;

describe('a payment waiting for its order to be confirmed', () => {
  afterEach(() => jest.restoreAllMocks());

  // The schedule of the lost wake-up: the payment reads the copy (still `created`); the confirmation is applied
  // in this process after that read and before the payment waits. The pause is ten minutes, far past the test's
  // timeout: only the wake-up can end the wait in time.
  it('when the confirmation is applied while the payment reads the copy, then the payment sees it without waiting out its pause', async () => {
    const orderId = new Types.ObjectId().toHexString();
    await applyOrderEvent(orderId, 0, { userId, status: OrderStatus.Created, price: 1_000, expiresAt });
    const read = Order.findById.bind(Order);
    jest.spyOn(Order, 'findById').mockImplementationOnce(
      (id: unknown) =>
        read(id).then(async (stale) => {
          await applyOrderEvent(orderId, 1, { userId, status: OrderStatus.AwaitingPayment, price: 1_000 });
          return stale;
        }) as unknown as ReturnType<typeof Order.findById>,
    );

    const order = await findOrderAllowingLag(orderId, {
      waitMs: 600_000,
      recheckMs: 600_000,
      ready: awaitingPayment,
    });
    expect(order?.status).toBe(OrderStatus.AwaitingPayment);
    expect(Order.findById).toHaveBeenCalledTimes(2);
  });

  it('when the confirmation is applied while the payment waits, then it is woken by it', async () => {
    const orderId = new Types.ObjectId().toHexString();
    await applyOrderEvent(orderId, 0, { userId, status: OrderStatus.Created, price: 1_000, expiresAt });
    const waiting = findOrderAllowingLag(orderId, {
      waitMs: 600_000,
      recheckMs: 600_000,
      ready: awaitingPayment,
    });
    await applyOrderEvent(orderId, 1, { userId, status: OrderStatus.AwaitingPayment, price: 1_000 });
    expect((await waiting)?.status).toBe(OrderStatus.AwaitingPayment);
  });

  it('when the order never comes, then the wait ends at its deadline with no copy', async () => {
    const orderId = new Types.ObjectId().toHexString();
    await expect(findOrderAllowingLag(orderId, { waitMs: 50, recheckMs: 10 })).resolves.toBeNull();
  });
});
