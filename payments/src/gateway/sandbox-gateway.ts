import { createHash } from 'node:crypto';
import {
  AMOUNT_TOO_SMALL_MESSAGE,
  MINIMUM_CHARGE_CENTS,
  type ChargeResult,
  type IntentCreated,
  type IntentOperation,
  type IntentRequest,
  type IntentState,
  type PaymentGateway,
  type RefundRequest,
  type RefundResult,
} from './payment-gateway';

/** Stripe's test PaymentMethod ids that succeed. */
export const SANDBOX_SUCCEEDING_CARDS: readonly string[] = [
  'pm_card_visa',
  'pm_card_mastercard',
  'pm_card_amex',
];

/** Stripe's test PaymentMethod ids that are declined, with the message Stripe gives for each. */
export const SANDBOX_DECLINED_CARDS: Readonly<Record<string, string>> = {
  pm_card_chargeDeclined: 'Your card was declined.',
  pm_card_chargeDeclinedInsufficientFunds: 'Your card has insufficient funds.',
  pm_card_chargeDeclinedExpiredCard: 'Your card has expired.',
  pm_card_chargeDeclinedIncorrectCvc: "Your card's security code is incorrect.",
  pm_card_chargeDeclinedProcessingError:
    'An error occurred while processing your card. Try again in a little bit.',
};

/**
 * The sandbox's own fault cards (not Stripe's), for testing what a lost answer does: with the first the payment
 * succeeds at the "processor" but the confirmation's answer never arrives (a timeout); with the second the
 * confirmation never reaches it (the intent stays unconfirmed).
 */
export const SANDBOX_FAULT_CARDS = {
  answerLost: 'pm_card_sandboxTimeout',
  unreachable: 'pm_card_sandboxUnreachable',
} as const;

export const UNKNOWN_CARD_MESSAGE =
  'Unknown test card: sandbox mode accepts only Stripe test payment methods such as pm_card_visa.';

/** Ids derived from the idempotency key, so that a repeated request gets the same answer, as with Stripe. */
function sandboxId(prefix: string, idempotencyKey: string): string {
  return `${prefix}_sandbox_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

export class SandboxGatewayError extends Error {
  override readonly name = 'SandboxGatewayError';
}

interface SandboxIntent {
  request: IntentRequest;
  state: IntentState;
}

/**
 * An offline stand-in for Stripe: no network, no real money; it answers as Stripe does for its test cards, with
 * the same two steps and the same rules: one intent per creation key, confirmed once (a repeat gives the first
 * answer), retrieved by id, cancelled only while it has not charged, refunded once per key. It remembers its
 * intents in this process only: after a restart, asking about an earlier one fails (an unknown outcome, retried),
 * unlike Stripe.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  private readonly intents = new Map<string, SandboxIntent>();

  async createIntent(request: IntentRequest): Promise<IntentCreated> {
    if (request.amountCents < MINIMUM_CHARGE_CENTS) {
      return { outcome: 'declined', message: AMOUNT_TOO_SMALL_MESSAGE };
    }
    const paymentIntentId = sandboxId('pi', request.idempotencyKey);
    if (!this.intents.has(paymentIntentId)) {
      this.intents.set(paymentIntentId, { request, state: { outcome: 'unconfirmed' } });
    }
    return { outcome: 'created', paymentIntentId };
  }

  async confirm({ paymentIntentId }: IntentOperation): Promise<ChargeResult> {
    const intent = this.known(paymentIntentId);
    const { paymentMethodId } = intent.request;
    if (paymentMethodId === SANDBOX_FAULT_CARDS.unreachable) {
      throw new SandboxGatewayError('sandbox: the processor could not be reached');
    }
    if (intent.state.outcome === 'canceled') {
      throw new SandboxGatewayError(`sandbox: ${paymentIntentId} was canceled and cannot be confirmed`);
    }
    if (intent.state.outcome === 'unconfirmed') intent.state = this.outcome(paymentIntentId, paymentMethodId);
    if (paymentMethodId === SANDBOX_FAULT_CARDS.answerLost) {
      throw new SandboxGatewayError('sandbox: the request timed out after the processor took it');
    }
    const { state } = intent;
    if (state.outcome !== 'succeeded' && state.outcome !== 'declined') {
      throw new SandboxGatewayError(`sandbox: ${paymentIntentId} is ${state.outcome}`);
    }
    return state;
  }

  async retrieve(paymentIntentId: string): Promise<IntentState> {
    return this.known(paymentIntentId).state;
  }

  async cancel({ paymentIntentId }: IntentOperation): Promise<IntentState> {
    const intent = this.known(paymentIntentId);
    if (intent.state.outcome === 'succeeded') {
      throw new SandboxGatewayError(`sandbox: ${paymentIntentId} succeeded and cannot be canceled`);
    }
    intent.state = { outcome: 'canceled' };
    return intent.state;
  }

  async refund({ paymentIntentId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
    if (this.known(paymentIntentId).state.outcome !== 'succeeded') {
      throw new SandboxGatewayError(`sandbox: ${paymentIntentId} has no charge to refund`);
    }
    return { refundId: sandboxId('re', idempotencyKey) };
  }

  private known(paymentIntentId: string): SandboxIntent {
    const intent = this.intents.get(paymentIntentId);
    // Stripe would answer 404 resource_missing; here it means a restart forgot the intent: not a definite answer.
    if (!intent)
      throw new SandboxGatewayError(`sandbox: no such PaymentIntent ${paymentIntentId} (restarted?)`);
    return intent;
  }

  private outcome(paymentIntentId: string, paymentMethodId: string): ChargeResult {
    if (
      SANDBOX_SUCCEEDING_CARDS.includes(paymentMethodId) ||
      paymentMethodId === SANDBOX_FAULT_CARDS.answerLost
    ) {
      return { outcome: 'succeeded', paymentIntentId };
    }
    const declined = Object.hasOwn(SANDBOX_DECLINED_CARDS, paymentMethodId)
      ? SANDBOX_DECLINED_CARDS[paymentMethodId]
      : undefined;
    return { outcome: 'declined', message: declined ?? UNKNOWN_CARD_MESSAGE };
  }
}
