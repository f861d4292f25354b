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

export const REFUNDED_MESSAGE = 'Order cancelled; your payment was refunded';
export const REFUNDING_MESSAGE = 'Order cancelled; your payment is being refunded';

/**
 * What the buyer is told, read from the charge as it was finally recorded (by this request or by the
 * webhook that beat it), never from which path got there first. A payment whose order was cancelled meanwhile
 * is a 400 that says where the money is.
 */
export function chargeOutcome(charge: SettledCharge): ChargeView {
  switch (charge.status) {
    case ChargeStatus.Failed:
      throw new PaymentRequiredError(charge.failureReason ?? 'Your card was declined.');
    case ChargeStatus.Refunded:
      throw new BadRequestError(REFUNDED_MESSAGE);
    case ChargeStatus.RefundDue:
      throw new BadRequestError(REFUNDING_MESSAGE);
    case ChargeStatus.Completed:
      if (!charge.stripeId) throw new Error(`completed charge of order ${charge.orderId} has no stripeId`);
      return {
        id: charge._id.toHexString(),
        orderId: charge.orderId,
        status: charge.status,
        stripeId: charge.stripeId,
      };
    default:
      throw new Error(`charge of order ${charge.orderId} is still ${charge.status} after settling`);
  }
}
