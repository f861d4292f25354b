// Every change of an order is one write conditioned on the version it read, moves the version by one and carries
// its event. A transition decides from the order as it stands, so repeating it (a redelivered event, two
// sweepers, a buyer and the expiration at once) changes the order and publishes at most once.
import { changeVersioned, OrderStatus, outboxEvent, type PendingEvent } from '@ticketing/common';
import { Order, releasedLockKey, type OrderAttrs } from '../models/order';

export type CancelOutcome = 'cancelled' | 'already-cancelled' | 'completed' | 'missing';
export type CompleteOutcome = 'completed' | 'already-completed' | 'cancelled' | 'missing';
export type ConfirmOutcome = 'awaiting-payment' | 'unchanged' | 'missing';

/** The order as its events describe it after a change to `version`. */
function endEvent(
  subject: 'order:cancelled' | 'order:completed',
  order: OrderAttrs,
  version: number,
): PendingEvent {
  return outboxEvent(subject, {
    id: order._id.toHexString(),
    version,
    userId: order.userId,
    ticket: { id: order.ticket.id },
  });
}

/** Cancels an open order and releases its ticket; a completed order is never cancelled. */
export function cancelOrder(orderId: string): Promise<CancelOutcome> {
  return changeVersioned(Order, orderId, (order, version) => {
    if (!order) return { result: 'missing' };
    if (order.status === OrderStatus.Completed) return { result: 'completed' };
    if (order.status === OrderStatus.Cancelled) return { result: 'already-cancelled' };
    return {
      result: 'cancelled',
      // Moving the lock key off the ticket id frees the ticket; it can only ever free this order's own hold.
      set: {
        status: OrderStatus.Cancelled,
        lockKey: releasedLockKey(order._id),
        buyerSlot: releasedLockKey(order._id),
      },
      events: [endEvent('order:cancelled', order, version)],
    };
  });
}

/** Marks an order paid; a cancelled order stays cancelled (payments refunds such a charge itself). */
export function completeOrder(orderId: string): Promise<CompleteOutcome> {
  return changeVersioned(Order, orderId, (order, version) => {
    if (!order) return { result: 'missing' };
    if (order.status === OrderStatus.Completed) return { result: 'already-completed' };
    if (order.status === OrderStatus.Cancelled) return { result: 'cancelled' };
    return {
      result: 'completed',
      // A paid order keeps its ticket (lockKey) but is no longer open: its buyer's slot is freed.
      set: { status: OrderStatus.Completed, buyerSlot: releasedLockKey(order._id) },
      events: [endEvent('order:completed', order, version)],
    };
  });
}

/** The tickets service confirmed it reserved the ticket for this order: it now awaits payment. */
export function confirmReservation(orderId: string): Promise<ConfirmOutcome> {
  return changeVersioned(Order, orderId, (order) => {
    if (!order) return { result: 'missing' };
    if (order.status !== OrderStatus.Created) return { result: 'unchanged' };
    return { result: 'awaiting-payment', set: { status: OrderStatus.AwaitingPayment } };
  });
}
