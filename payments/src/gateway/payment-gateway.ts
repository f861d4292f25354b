/** What the payments service needs from a card processor; Stripe in production, a sandbox offline. */
export interface ChargeRequest {
  amountCents: number;
  /** The buyer's PaymentMethod id (e.g. `pm_card_visa`), made by the client with Stripe Elements. */
  paymentMethodId: string;
  /** The processor performs one charge per key, however often it is asked. */
  idempotencyKey: string;
  orderId: string;
}

export type ChargeResult =
  | { outcome: 'succeeded'; paymentIntentId: string }
  /** The card was refused; `message` is meant for the buyer. */
  | { outcome: 'declined'; message: string };

export interface RefundRequest {
  paymentIntentId: string;
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: string;
}

/** What the processor knows of an order's payment, looked up after an attempt whose answer was lost. */
export type PaymentLookup =
  | ChargeResult
  /** Still being processed: ask again later. */
  | { outcome: 'pending' }
  /** The processor has no payment for the order: the attempt never reached it. */
  | { outcome: 'not-found' };

export interface LookupRequest {
  orderId: string;
  idempotencyKey: string;
}

/**
 * charge() resolves with the outcome for the card, and rejects only when the outcome is unknown (network,
 * processor outage, a state it cannot settle synchronously); lookup() then finds out what happened.
 */
export interface PaymentGateway {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  lookup(request: LookupRequest): Promise<PaymentLookup>;
}

/** Stripe refuses USD charges below 50 cents; both gateways decline them the same way. */
export const MINIMUM_CHARGE_CENTS = 50;
export const AMOUNT_TOO_SMALL_MESSAGE = 'Amount must be at least $0.50 usd';
