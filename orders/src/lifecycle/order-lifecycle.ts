// Every change of an order is one write conditioned on the version it read, moves the version by one and carries
// its event. A transition decides from the order as it stands, so repeating it (a redelivered event, two
// sweepers, a buyer and the expiration at once) changes the order and publishes at most once.
import { changeVersioned, OrderStatus, outboxEvent, type Change, type PendingEvent } from '@ticketing/common';
import { Order, releasedLockKey, type OrderAttrs } from '../models/order';

export type CancelOutcome = 'cancelled' | 'already-cancelled' | 'completed' | 'not-due' | 'missing';
export type CompleteOutcome = 'completed' | 'already-completed' | 'cancelled' | 'missing';
export type ConfirmOutcome = 'awaiting-payment' | 'unchanged' | 'missing';

/** Orders written before hold sequences existed count as their ticket's hold 0. */
const holdSequenceOf = (order: OrderAttrs) => order.holdSequence ?? 0;

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
    holdSequence: holdSequenceOf(order),
  });
}

/**
 * A lapse: the order's window closed at `expiresAt`, and it is cancelled `graceMs` later. Payments charges only
 * while its margin remains before `expiresAt`, so the grace is what lets a payment made in time complete the order
 * although its payment:created reached orders after `expiresAt` (the bus or a database was down meanwhile).
 */
export interface Lapse {
  /** When the lapse is decided (orders' clock: an expiration clock ahead of ours must not cancel early). */
  at: Date;
  graceMs: number;
}

/** When an order lapses: its window plus the grace. */
export function lapsesAt(order: Pick<OrderAttrs, 'expiresAt'>, graceMs: number): Date {
  return new Date(order.expiresAt.getTime() + graceMs);
}

export interface CancelRequest {
  /** Cancel only once the order has lapsed. Unset: the buyer's cancel or a failed payment, whenever it is open. */
  lapse?: Lapse;
}

/** The decision: cancels an open order and releases its ticket; a completed order is never cancelled. */
export function decideCancel(
  order: OrderAttrs | null,
  version: number,
  { lapse }: CancelRequest = {},
): Change<CancelOutcome> {
  if (!order) return { result: 'missing' };
  if (order.status === OrderStatus.Completed) return { result: 'completed' };
  if (order.status === OrderStatus.Cancelled) return { result: 'already-cancelled' };
  if (lapse && lapsesAt(order, lapse.graceMs).getTime() > lapse.at.getTime()) return { result: 'not-due' };
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
}

/** The decision: marks an order paid; a cancelled order stays cancelled (payments refunds such a charge). */
export function decideComplete(order: OrderAttrs | null, version: number): Change<CompleteOutcome> {
  if (!order) return { result: 'missing' };
  if (order.status === OrderStatus.Completed) return { result: 'already-completed' };
  if (order.status === OrderStatus.Cancelled) return { result: 'cancelled' };
  return {
    result: 'completed',
    // A paid order keeps its ticket (lockKey) but is no longer open: its buyer's slot is freed.
    set: { status: OrderStatus.Completed, buyerSlot: releasedLockKey(order._id) },
    events: [endEvent('order:completed', order, version)],
  };
}

/**
 * The decision: tickets reserved the ticket for this order at `price` (cents), so the order awaits payment at
 * exactly that price, and payments hears of it (order:confirmed). The price tickets reserved at wins over this
 * service's copy, which may not have caught up with the seller's last edit yet.
 */
export function decideConfirm(
  order: OrderAttrs | null,
  version: number,
  price: number,
): Change<ConfirmOutcome> {
  if (!order) return { result: 'missing' };
  if (order.status !== OrderStatus.Created) return { result: 'unchanged' };
  return {
    result: 'awaiting-payment',
    set: { status: OrderStatus.AwaitingPayment, 'ticket.price': price },
    events: [
      outboxEvent('order:confirmed', {
        id: order._id.toHexString(),
        version,
        status: OrderStatus.AwaitingPayment,
        userId: order.userId,
        expiresAt: order.expiresAt.toISOString(),
        price,
      }),
    ],
  };
}

export function cancelOrder(orderId: string, request: CancelRequest = {}): Promise<CancelOutcome> {
  return changeVersioned(Order, orderId, (order, version) => decideCancel(order, version, request));
}

export function completeOrder(orderId: string): Promise<CompleteOutcome> {
  return changeVersioned(Order, orderId, decideComplete);
}

export function confirmReservation(orderId: string, price: number): Promise<ConfirmOutcome> {
  return changeVersioned(Order, orderId, (order, version) => decideConfirm(order, version, price));
}
