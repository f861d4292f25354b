import {
  BadRequestError,
  ChargeStatus,
  PaymentRequiredError,
  type CompletedPayment,
  type PendingPayment,
} from '@ticketing/common';
import type { SettledCharge } from './settle-charge';

/** 201: the contract's `Payment`. */
export type ChargeView = CompletedPayment;

/** A payment whose outcome is not known yet (202): the client says so and watches the order. */
export type PendingChargeView = PendingPayment;

export const PENDING_MESSAGE = 'We are confirming your payment; the order will show the result shortly.';

export function pendingView(charge: Pick<SettledCharge, '_id' | 'orderId'>): PendingChargeView {
  return {
    id: charge._id.toHexString(),
    orderId: charge.orderId,
    status: 'pending',
    message: PENDING_MESSAGE,
  };
}

/**
 * What the buyer is told, read from the charge as it was finally recorded (by this request or by the
 * webhook that beat it), never from which path got there first.
 */
export function chargeOutcome(charge: SettledCharge): ChargeView {
  if (charge.status === ChargeStatus.Failed) {
    throw new PaymentRequiredError(charge.failureReason ?? 'Your card was declined.');
  }
  if (charge.status !== ChargeStatus.Completed || !charge.stripeId) {
    throw new Error(`charge of order ${charge.orderId} is still ${charge.status} after settling`);
  }
  if (charge.stripeRefundId) throw new BadRequestError('Order expired; payment refunded');
  return {
    id: charge._id.toHexString(),
    orderId: charge.orderId,
    status: charge.status,
    stripeId: charge.stripeId,
  };
}
