import type { Types } from 'mongoose';
import { OrderStatus, outboxEvent, withDocumentLock } from '@ticketing/common';
import { Order, releasedLockKey, type OrderDocument } from '../models/order';

/** What publishes the events a change left in the outbox (the OutboxRelay). */
export interface EventRelay {
  kick(id?: Types.ObjectId | string): void;
}

export type CancelOutcome = 'cancelled' | 'already-cancelled' | 'completed' | 'missing';
export type CompleteOutcome = 'completed' | 'already-completed' | 'cancelled' | 'missing';
export type ConfirmOutcome = 'awaiting-payment' | 'unchanged' | 'missing';

/**
 * Every change of an order is a read-modify-write under the order's document lock (conditional updates are
 * not atomic on FerretDB), bumps the version by one and stores its event in the same save. Each transition
 * re-reads the status under the lock, so repeating it (a redelivered event, two sweepers, a buyer and the
 * expiration at once) changes the order and publishes at most once.
 */
function underOrderLock<T>(orderId: string, fn: (order: OrderDocument | null) => Promise<T>): Promise<T> {
  return withDocumentLock(Order, orderId, async () => fn(await Order.findById(orderId)));
}

/** Cancels an open order and releases its ticket; a completed order is never cancelled. */
export async function cancelOrder(orderId: string, relay: EventRelay): Promise<CancelOutcome> {
  const outcome = await underOrderLock(orderId, async (order): Promise<CancelOutcome> => {
    if (!order) return 'missing';
    if (order.status === OrderStatus.Completed) return 'completed';
    if (order.status === OrderStatus.Cancelled) return 'already-cancelled';
    order.status = OrderStatus.Cancelled;
    // Moving the lock key off the ticket id frees the ticket; it can only ever free this order's own hold.
    order.lockKey = releasedLockKey(order._id);
    order.version += 1;
    order.pendingEvents.push(
      outboxEvent('order:cancelled', {
        id: order._id.toHexString(),
        version: order.version,
        userId: order.userId,
        ticket: { id: order.ticket.id },
      }),
    );
    await order.save();
    return 'cancelled';
  });
  if (outcome === 'cancelled') relay.kick(orderId);
  return outcome;
}

/** Marks an order paid; a cancelled order stays cancelled (payments refunds such a charge itself). */
export async function completeOrder(orderId: string, relay: EventRelay): Promise<CompleteOutcome> {
  const outcome = await underOrderLock(orderId, async (order): Promise<CompleteOutcome> => {
    if (!order) return 'missing';
    if (order.status === OrderStatus.Completed) return 'already-completed';
    if (order.status === OrderStatus.Cancelled) return 'cancelled';
    order.status = OrderStatus.Completed;
    order.version += 1;
    order.pendingEvents.push(
      outboxEvent('order:completed', {
        id: order._id.toHexString(),
        version: order.version,
        userId: order.userId,
        ticket: { id: order.ticket.id },
      }),
    );
    await order.save();
    return 'completed';
  });
  if (outcome === 'completed') relay.kick(orderId);
  return outcome;
}

/** The tickets service confirmed it reserved the ticket for this order: it now awaits payment. */
export function confirmReservation(orderId: string): Promise<ConfirmOutcome> {
  return underOrderLock(orderId, async (order): Promise<ConfirmOutcome> => {
    if (!order) return 'missing';
    if (order.status !== OrderStatus.Created) return 'unchanged';
    order.status = OrderStatus.AwaitingPayment;
    order.version += 1;
    await order.save();
    return 'awaiting-payment';
  });
}
