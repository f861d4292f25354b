/**
 * What the payments service needs from a card processor; Stripe in production, a sandbox offline. A payment is
 * two calls: the intent is created first (nothing is charged) and its id recorded, and only then confirmed. So
 * whatever answer is lost later, the intent's id is known and the processor can be asked about it by id: a
 * definite answer, never a search that may lag.
 */
export interface IntentRequest {
  amountCents: number;
  /** The buyer's PaymentMethod id (e.g. `pm_card_visa`), made by the client with Stripe Elements. */
  paymentMethodId: string;
  /** The processor creates one intent per key, however often it is asked. */
  idempotencyKey: string;
  orderId: string;
}

export type IntentCreated =
  | { outcome: 'created'; paymentIntentId: string }
  /** Refused before any charge (e.g. an amount below the minimum); `message` is meant for the buyer. */
  | { outcome: 'declined'; message: string };

/** One operation on an existing intent; the key makes repeating it the same operation. */
export interface IntentOperation {
  paymentIntentId: string;
  idempotencyKey: string;
}

export type ChargeResult =
  | { outcome: 'succeeded'; paymentIntentId: string }
  /** The card was refused; `message` is meant for the buyer. */
  | { outcome: 'declined'; message: string };

/** What the processor says of an intent, asked by its id. */
export type IntentState =
  | ChargeResult
  /** Still being processed: ask again later. */
  | { outcome: 'pending' }
  /** Created but never confirmed (the confirm never reached the processor, or is still on its way). */
  | { outcome: 'unconfirmed' }
  /** Cancelled: it never charged and never will. */
  | { outcome: 'canceled' };

export interface RefundRequest {
  paymentIntentId: string;
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: string;
}

/**
 * Every call rejects only when its outcome is unknown (network, processor outage); a definite refusal is an
 * answer. confirm() resolves with the outcome for the card; cancel() resolves once the intent can no longer
 * charge (and rejects if it already did: retrieve() then says so).
 */
export interface PaymentGateway {
  readonly name: string;
  createIntent(request: IntentRequest): Promise<IntentCreated>;
  confirm(operation: IntentOperation): Promise<ChargeResult>;
  retrieve(paymentIntentId: string): Promise<IntentState>;
  cancel(operation: IntentOperation): Promise<IntentState>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

/** Stripe refuses USD charges below 50 cents; both gateways decline them the same way. */
export const MINIMUM_CHARGE_CENTS = 50;
export const AMOUNT_TOO_SMALL_MESSAGE = 'Amount must be at least $0.50 usd';
