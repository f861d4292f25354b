export const OrderStatus = {
  /** The order exists; the ticket service has not yet confirmed the lock. */
  Created: 'created',
  /** Cancelled by the buyer, lapsed after the window, or payment failed. Final. */
  Cancelled: 'cancelled',
  /** The ticket is locked for this order; waiting for the card payment. */
  AwaitingPayment: 'awaiting_payment',
  /** Paid. Final. */
  Completed: 'completed',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const ChargeStatus = {
  Created: 'created',
  /** Declared only on a definite answer from the processor. Final. */
  Failed: 'failed',
  Completed: 'completed',
  /** Paid, but the order did not complete: the money must go back (the reconciler retries until it has). */
  RefundDue: 'refund_due',
  /** The processor confirmed the refund. Final. */
  Refunded: 'refunded',
} as const;
export type ChargeStatus = (typeof ChargeStatus)[keyof typeof ChargeStatus];
