import { createHash } from 'node:crypto';
import {
  AMOUNT_TOO_SMALL_MESSAGE,
  MINIMUM_CHARGE_CENTS,
  type ChargeRequest,
  type ChargeResult,
  type LookupRequest,
  type PaymentGateway,
  type PaymentLookup,
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
 * succeeds at the "processor" but the answer never arrives (a timeout); with the second the request never
 * reaches it.
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

/**
 * An offline stand-in for Stripe: no network, no real money; it answers as Stripe does for its test cards. It
 * remembers the payments it made in this process, so lookup() can tell what happened to an attempt whose answer
 * was lost (a restart forgets them, unlike Stripe).
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  private readonly payments = new Map<string, ChargeResult>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const { paymentMethodId, orderId } = request;
    if (paymentMethodId === SANDBOX_FAULT_CARDS.unreachable) {
      throw new SandboxGatewayError('sandbox: the processor could not be reached');
    }
    const result = this.outcome(request);
    this.payments.set(orderId, result);
    if (paymentMethodId === SANDBOX_FAULT_CARDS.answerLost) {
      throw new SandboxGatewayError('sandbox: the request timed out after the processor took it');
    }
    return result;
  }

  async refund({ idempotencyKey }: RefundRequest): Promise<RefundResult> {
    return { refundId: sandboxId('re', idempotencyKey) };
  }

  async lookup({ orderId }: LookupRequest): Promise<PaymentLookup> {
    return this.payments.get(orderId) ?? { outcome: 'not-found' };
  }

  private outcome({ amountCents, paymentMethodId, idempotencyKey }: ChargeRequest): ChargeResult {
    if (amountCents < MINIMUM_CHARGE_CENTS) return { outcome: 'declined', message: AMOUNT_TOO_SMALL_MESSAGE };
    if (
      SANDBOX_SUCCEEDING_CARDS.includes(paymentMethodId) ||
      paymentMethodId === SANDBOX_FAULT_CARDS.answerLost
    ) {
      return { outcome: 'succeeded', paymentIntentId: sandboxId('pi', idempotencyKey) };
    }
    const declined = Object.hasOwn(SANDBOX_DECLINED_CARDS, paymentMethodId)
      ? SANDBOX_DECLINED_CARDS[paymentMethodId]
      : undefined;
    return { outcome: 'declined', message: declined ?? UNKNOWN_CARD_MESSAGE };
  }
}
