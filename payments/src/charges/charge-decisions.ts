import { ChargeStatus, OrderStatus, outboxEvent, type PendingEvent } from '@ticketing/common';
import type { Charge } from '../models/charge';

/** What a decision reads of a charge. */
export type ChargeState = Pick<
  Charge,
  '_id' | 'orderId' | 'status' | 'stripeId' | 'stripeRefundId' | 'attempts'
>;

/** What a decision writes: nothing when `set` is absent (the charge is already past this step). */
export interface ChargeChange {
  set?: Partial<
    Pick<Charge, 'status' | 'stripeId' | 'stripeRefundId' | 'failureReason' | 'reconcileAt' | 'attempts'>
  >;
  events?: PendingEvent[];
}

const unchanged: ChargeChange = {};

/**
 * The processor says the card was charged. An order still open completes (payment:created in the same write); an
 * order the replica knows cancelled, or a charge already declared failed, owes the buyer a refund: `refund_due`,
 * due at once, and nothing announced. A charge past these states has already learnt it.
 */
export function onSucceeded(
  charge: ChargeState,
  paymentIntentId: string,
  orderStatus: OrderStatus | undefined,
  now: Date,
): ChargeChange {
  const refundDue = {
    set: { status: ChargeStatus.RefundDue, stripeId: paymentIntentId, reconcileAt: now, attempts: 0 },
  };
  if (charge.status === ChargeStatus.Failed) return refundDue;
  if (charge.status !== ChargeStatus.Created) return unchanged;
  if (orderStatus === OrderStatus.Cancelled) return refundDue;
  return {
    set: { status: ChargeStatus.Completed, stripeId: paymentIntentId, reconcileAt: null },
    events: [
      outboxEvent('payment:created', {
        id: charge._id.toHexString(),
        orderId: charge.orderId,
        stripeId: paymentIntentId,
      }),
    ],
  };
}

/** The processor definitely did not charge the card: the charge fails and orders cancels the order. */
export function onNotCharged(charge: ChargeState, reason: string): ChargeChange {
  if (charge.status !== ChargeStatus.Created) return unchanged;
  return {
    set: { status: ChargeStatus.Failed, failureReason: reason, reconcileAt: null },
    events: [outboxEvent('payment:failed', { orderId: charge.orderId, reason })],
  };
}

/** The order was cancelled after its charge completed: the money goes back, whatever happens next. */
export function onOrderCancelled(charge: ChargeState, now: Date): ChargeChange {
  if (charge.status !== ChargeStatus.Completed) return unchanged;
  return { set: { status: ChargeStatus.RefundDue, reconcileAt: now, attempts: 0 } };
}

/** The processor confirmed the refund. */
export function onRefunded(charge: ChargeState, refundId: string): ChargeChange {
  if (charge.status !== ChargeStatus.RefundDue) return unchanged;
  return { set: { status: ChargeStatus.Refunded, stripeRefundId: refundId, reconcileAt: null } };
}

export interface Backoff {
  /** The first retry's delay. */
  baseMs: number;
  /** No retry waits longer than this, however often it failed. */
  maxMs: number;
}

/** A try that settled nothing (processor down, still processing): the next one later, doubling up to a cap. */
export function onUnsettled(charge: ChargeState, now: Date, backoff: Backoff): ChargeChange {
  if (charge.status !== ChargeStatus.Created && charge.status !== ChargeStatus.RefundDue) return unchanged;
  const attempts = (charge.attempts ?? 0) + 1;
  const delay = Math.min(backoff.baseMs * 2 ** Math.min(attempts - 1, 30), backoff.maxMs);
  return { set: { reconcileAt: new Date(now.getTime() + delay), attempts } };
}

/** The intent exists at the processor (nothing charged yet): its id is recorded before it may be confirmed. */
export function onIntentCreated(charge: ChargeState, paymentIntentId: string): ChargeChange {
  if (charge.status !== ChargeStatus.Created || charge.stripeId) return unchanged;
  return { set: { stripeId: paymentIntentId } };
}
