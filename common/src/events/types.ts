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
  Failed: 'failed',
  Completed: 'completed',
} as const;
export type ChargeStatus = (typeof ChargeStatus)[keyof typeof ChargeStatus];
