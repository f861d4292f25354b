import type {
  ChargeResult,
  IntentCreated,
  IntentOperation,
  IntentRequest,
  IntentState,
  PaymentGateway,
  RefundRequest,
  RefundResult,
} from '../../payments/src/gateway/payment-gateway';

/** What the processor does with one order's card. */
export type Card = 'good' | 'declined' | 'answer-lost' | 'unreachable' | 'late';
/** What the processor's webhook does once it took a payment. */
export type Webhook = 'never' | 'once' | 'twice' | 'late';

export interface PaymentPlan {
  card: Card;
  webhook: Webhook;
  /**
   * How long a payment stays invisible to the processor's search (it is eventually consistent). The payments
   * service now asks about its own intent by id (a definite answer), so no call of it reads this any more; kept so
   * that schedules written before stay valid.
   */
  searchLagMs: number;
  /** For a `late` card: how long the answer to the confirmation takes to come back. */
  answerDelayMs: number;
  /** How many refund calls for this order fail (a 5xx) before one goes through. */
  refundFailures: number;
}

/** A PaymentIntent at the processor: what the invariants hold the services to. */
export interface ProcessorPayment {
  orderId: string;
  key: string;
  amount: number;
  /** The outcome of its confirmation, once confirmed. */
  result: ChargeResult | { outcome: 'unconfirmed' } | { outcome: 'canceled' };
  madeAt: number;
}

export interface ProcessorRefund {
  paymentIntentId: string;
  refundId: string;
}

const GOOD: PaymentPlan = {
  card: 'good',
  webhook: 'never',
  searchLagMs: 0,
  answerDelayMs: 0,
  refundFailures: 0,
};
const MINIMUM_CHARGE_CENTS = 50;

/**
 * A card processor with Stripe's guarantees and failures: one PaymentIntent per creation key, confirmed once (a
 * repeat gives the first answer), retrieved by id, cancelled only while it has not charged, refunded once per key;
 * answers that are lost or late; outages; refunds that fail for a while. Its books (intents and refunds) are the
 * truth the invariants hold the services to.
 */
export class SimProcessor implements PaymentGateway {
  readonly name = 'simulated';
  /** Intents by id. */
  readonly intents = new Map<string, ProcessorPayment>();
  readonly refunds = new Map<string, ProcessorRefund>();
  private readonly keys = new Map<string, string>();
  private readonly plans = new Map<string, PaymentPlan>();
  private readonly refundCalls = new Map<string, number>();
  private readonly outages: { from: number; to: number }[] = [];
  private readonly parked = new Map<string, () => void>();
  private readonly parkWaiters = new Map<string, () => void>();
  /** Told of every payment the processor takes or declines (the runner schedules its webhooks). */
  onPayment: (paymentIntentId: string, payment: ProcessorPayment, plan: PaymentPlan) => void = () =>
    undefined;

  plan(orderId: string, plan: PaymentPlan): void {
    this.plans.set(orderId, plan);
  }

  outage(from: number, to: number): void {
    this.outages.push({ from, to });
  }

  /** Resolves when a `late` confirmation of this order is waiting for its answer to be released. */
  whenParked(orderId: string): Promise<void> {
    return new Promise((resolve) => this.parkWaiters.set(orderId, resolve));
  }

  /** Lets the late answer of the order's confirmation come back. */
  release(orderId: string): void {
    this.parked.get(orderId)?.();
    this.parked.delete(orderId);
  }

  async createIntent(request: IntentRequest): Promise<IntentCreated> {
    this.failIfDown('createIntent');
    if (request.amountCents < MINIMUM_CHARGE_CENTS) {
      return { outcome: 'declined', message: 'Amount must be at least $0.50 usd' };
    }
    let id = this.keys.get(request.idempotencyKey);
    if (!id) {
      id = `pi_sim_${this.intents.size + 1}`;
      this.keys.set(request.idempotencyKey, id);
      this.intents.set(id, {
        orderId: request.orderId,
        key: request.idempotencyKey,
        amount: request.amountCents,
        result: { outcome: 'unconfirmed' },
        madeAt: Date.now(),
      });
    }
    return { outcome: 'created', paymentIntentId: id };
  }

  async confirm({ paymentIntentId }: IntentOperation): Promise<ChargeResult> {
    this.failIfDown('confirm');
    const intent = this.known(paymentIntentId);
    const plan = this.plans.get(intent.orderId) ?? GOOD;
    if (plan.card === 'unreachable') throw new Error('simulated: connection refused before the processor');
    if (intent.result.outcome === 'canceled') throw new Error(`simulated: ${paymentIntentId} was canceled`);
    if (intent.result.outcome === 'unconfirmed') {
      intent.result =
        plan.card === 'declined'
          ? { outcome: 'declined', message: 'Your card was declined.' }
          : { outcome: 'succeeded', paymentIntentId };
      intent.madeAt = Date.now();
      this.onPayment(paymentIntentId, intent, plan);
    }
    if (plan.card === 'late') {
      await new Promise<void>((release) => {
        this.parked.set(intent.orderId, release);
        this.parkWaiters.get(intent.orderId)?.();
      });
    }
    if (plan.card === 'answer-lost')
      throw new Error('simulated: timed out after the processor took the charge');
    return intent.result as ChargeResult;
  }

  async retrieve(paymentIntentId: string): Promise<IntentState> {
    this.failIfDown('retrieve');
    return this.known(paymentIntentId).result;
  }

  async cancel({ paymentIntentId }: IntentOperation): Promise<IntentState> {
    this.failIfDown('cancel');
    const intent = this.known(paymentIntentId);
    if (intent.result.outcome === 'succeeded') {
      throw new Error(`simulated: ${paymentIntentId} succeeded and cannot be canceled`);
    }
    intent.result = { outcome: 'canceled' };
    return intent.result;
  }

  async refund({ paymentIntentId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
    this.failIfDown('refund');
    const intent = this.known(paymentIntentId);
    if (intent.result.outcome !== 'succeeded') throw new Error(`simulated: ${paymentIntentId} has no charge`);
    const calls = (this.refundCalls.get(intent.orderId) ?? 0) + 1;
    this.refundCalls.set(intent.orderId, calls);
    if (calls <= (this.plans.get(intent.orderId) ?? GOOD).refundFailures) {
      throw new Error('simulated: the processor answered 500 to the refund');
    }
    const existing = this.refunds.get(idempotencyKey);
    if (existing) return { refundId: existing.refundId };
    const refund = { paymentIntentId, refundId: `re_sim_${this.refunds.size + 1}` };
    this.refunds.set(idempotencyKey, refund);
    return { refundId: refund.refundId };
  }

  private known(paymentIntentId: string): ProcessorPayment {
    const intent = this.intents.get(paymentIntentId);
    if (!intent) throw new Error(`simulated: no such PaymentIntent ${paymentIntentId}`);
    return intent;
  }

  private failIfDown(operation: string): void {
    const now = Date.now();
    if (this.outages.some(({ from, to }) => from <= now && now < to)) {
      throw new Error(`simulated: the processor is down (503 on ${operation})`);
    }
  }
}
