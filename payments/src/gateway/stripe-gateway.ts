import Stripe from 'stripe';
import {
  AMOUNT_TOO_SMALL_MESSAGE,
  type ChargeResult,
  type IntentCreated,
  type IntentOperation,
  type IntentRequest,
  type IntentState,
  type PaymentGateway,
  type RefundRequest,
  type RefundResult,
} from './payment-gateway';

export const GENERIC_DECLINE_MESSAGE = 'Your card was declined.';
export const AUTHENTICATION_REQUIRED_MESSAGE =
  'This card needs extra authentication, which is not supported here. Please use another card.';

/**
 * Stripe PaymentIntents created server-side with the buyer's PaymentMethod id, then confirmed by id. Redirect-
 * based methods are refused up front, so a confirmed intent either succeeded or tells why it did not.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';

  constructor(private readonly stripe: Stripe) {}

  async createIntent({
    amountCents,
    paymentMethodId,
    idempotencyKey,
    orderId,
  }: IntentRequest): Promise<IntentCreated> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: amountCents,
          currency: 'usd',
          payment_method: paymentMethodId,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { orderId },
        },
        { idempotencyKey },
      );
      return { outcome: 'created', paymentIntentId: intent.id };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'amount_too_small') {
        return { outcome: 'declined', message: AMOUNT_TOO_SMALL_MESSAGE };
      }
      throw err;
    }
  }

  async confirm({ paymentIntentId, idempotencyKey }: IntentOperation): Promise<ChargeResult> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.confirm(paymentIntentId, {}, { idempotencyKey });
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) return { outcome: 'declined', message: err.message };
      throw err;
    }
    const state = stateOf(intent);
    if (state.outcome === 'succeeded' || state.outcome === 'declined') return state;
    // e.g. `processing`: the outcome is not known yet; the webhook or the reconciler settles it later.
    throw new Error(`PaymentIntent ${intent.id} is ${intent.status} after confirmation`);
  }

  async retrieve(paymentIntentId: string): Promise<IntentState> {
    return stateOf(await this.stripe.paymentIntents.retrieve(paymentIntentId));
  }

  async cancel({ paymentIntentId, idempotencyKey }: IntentOperation): Promise<IntentState> {
    return stateOf(await this.stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey }));
  }

  async refund({ paymentIntentId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
    const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId }, { idempotencyKey });
    return { refundId: refund.id };
  }
}

/** What an intent's status means for the order (we never capture manually, nor confirm twice). */
export function stateOf(intent: Stripe.PaymentIntent): IntentState {
  switch (intent.status) {
    case 'succeeded':
      return { outcome: 'succeeded', paymentIntentId: intent.id };
    case 'requires_payment_method':
      return { outcome: 'declined', message: intent.last_payment_error?.message ?? GENERIC_DECLINE_MESSAGE };
    case 'requires_action':
      return { outcome: 'declined', message: AUTHENTICATION_REQUIRED_MESSAGE };
    case 'requires_confirmation':
      return { outcome: 'unconfirmed' };
    case 'canceled':
      return { outcome: 'canceled' };
    default:
      return { outcome: 'pending' };
  }
}
