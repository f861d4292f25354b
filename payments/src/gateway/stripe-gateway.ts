import Stripe from 'stripe';
import {
  AMOUNT_TOO_SMALL_MESSAGE,
  type ChargeRequest,
  type ChargeResult,
  type LookupRequest,
  type PaymentGateway,
  type PaymentLookup,
  type RefundRequest,
  type RefundResult,
} from './payment-gateway';

export const GENERIC_DECLINE_MESSAGE = 'Your card was declined.';
export const AUTHENTICATION_REQUIRED_MESSAGE =
  'This card needs extra authentication, which is not supported here. Please use another card.';

/**
 * Stripe PaymentIntents created and confirmed server-side with the buyer's PaymentMethod id. Redirect-based
 * methods are refused up front, so a confirmed intent either succeeded or tells why it did not.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';

  constructor(private readonly stripe: Stripe) {}

  async charge({
    amountCents,
    paymentMethodId,
    idempotencyKey,
    orderId,
  }: ChargeRequest): Promise<ChargeResult> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: amountCents,
          currency: 'usd',
          payment_method: paymentMethodId,
          confirm: true,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { orderId },
        },
        { idempotencyKey },
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return { outcome: 'declined', message: err.message };
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'amount_too_small') {
        return { outcome: 'declined', message: AMOUNT_TOO_SMALL_MESSAGE };
      }
      throw err;
    }
    return outcomeOf(intent);
  }

  async refund({ paymentIntentId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
    const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey });
    return { refundId: refund.id };
  }

  /**
   * Finds the order's PaymentIntents by the orderId every intent carries in its metadata (the intent id is
   * unknown when the create call's answer was lost). Stripe's search index can trail a write by up to a minute,
   * which is why the reconciler only calls this well after the attempt, and gives "not found" a long grace.
   */
  async lookup({ orderId }: LookupRequest): Promise<PaymentLookup> {
    const found = await this.stripe.paymentIntents.search({
      query: `metadata['orderId']:'${orderId}'`,
      limit: 10,
    });
    const intents = found.data;
    const succeeded = intents.find((intent) => intent.status === 'succeeded');
    if (succeeded) return { outcome: 'succeeded', paymentIntentId: succeeded.id };
    if (intents.length === 0) return { outcome: 'not-found' };
    if (intents.some((intent) => intent.status === 'processing')) return { outcome: 'pending' };
    return outcomeOf(intents[0]!);
  }
}

/** What a just-confirmed PaymentIntent means for the order. */
export function outcomeOf(intent: Stripe.PaymentIntent): ChargeResult {
  switch (intent.status) {
    case 'succeeded':
      return { outcome: 'succeeded', paymentIntentId: intent.id };
    case 'requires_payment_method':
      return { outcome: 'declined', message: intent.last_payment_error?.message ?? GENERIC_DECLINE_MESSAGE };
    case 'requires_action':
      return { outcome: 'declined', message: AUTHENTICATION_REQUIRED_MESSAGE };
    default:
      // e.g. `processing`: the outcome is not known yet; the webhook settles it later.
      throw new Error(`PaymentIntent ${intent.id} is ${intent.status} after confirmation`);
  }
}
