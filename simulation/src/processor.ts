import type {
  ChargeRequest,
  ChargeResult,
  LookupRequest,
  PaymentGateway,
  PaymentLookup,
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
  /** How long a payment stays invisible to the processor's search (it is eventually consistent). */
  searchLagMs: number;
  /** For a `late` card: how long the answer takes to come back. */
  answerDelayMs: number;
  /** How many refund calls for this order fail (a 5xx) before one goes through. */
  refundFailures: number;
}

export interface ProcessorPayment {
  orderId: string;
  key: string;
  amount: number;
  result: ChargeResult;
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

/**
 * A card processor with Stripe's guarantees and failures: one payment per idempotency key (a repeat returns the
 * original answer), refunds likewise; answers that are lost or late; outages; a search that trails the payments.
 * Its books (payments and refunds) are the truth the invariants hold the services to.
 */
export class SimProcessor implements PaymentGateway {
  readonly name = 'simulated';
  readonly payments = new Map<string, ProcessorPayment>();
  readonly refunds = new Map<string, ProcessorRefund>();
  private readonly plans = new Map<string, PaymentPlan>();
  private readonly refundCalls = new Map<string, number>();
  private readonly outages: { from: number; to: number }[] = [];
  private readonly parked = new Map<string, () => void>();
  private readonly parkWaiters = new Map<string, () => void>();
  /** Told of every payment the processor takes (the runner schedules its webhooks). */
  onPayment: (payment: ProcessorPayment, plan: PaymentPlan) => void = () => undefined;

  plan(orderId: string, plan: PaymentPlan): void {
    this.plans.set(orderId, plan);
  }

  outage(from: number, to: number): void {
    this.outages.push({ from, to });
  }

  /** Resolves when a `late` charge of this order is waiting for its answer to be released. */
  whenParked(orderId: string): Promise<void> {
    return new Promise((resolve) => this.parkWaiters.set(orderId, resolve));
  }

  /** Lets the late answer of the order's charge come back. */
  release(orderId: string): void {
    this.parked.get(orderId)?.();
    this.parked.delete(orderId);
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.failIfDown('charge');
    const plan = this.plans.get(request.orderId) ?? GOOD;
    if (plan.card === 'unreachable') throw new Error('simulated: connection refused before the processor');
    let payment = this.payments.get(request.idempotencyKey);
    if (!payment) {
      const result: ChargeResult =
        plan.card === 'declined'
          ? { outcome: 'declined', message: 'Your card was declined.' }
          : { outcome: 'succeeded', paymentIntentId: `pi_sim_${this.payments.size + 1}` };
      payment = {
        orderId: request.orderId,
        key: request.idempotencyKey,
        amount: request.amountCents,
        result,
        madeAt: Date.now(),
      };
      this.payments.set(request.idempotencyKey, payment);
      this.onPayment(payment, plan);
    }
    if (plan.card === 'late') {
      await new Promise<void>((release) => {
        this.parked.set(request.orderId, release);
        this.parkWaiters.get(request.orderId)?.();
      });
    }
    if (plan.card === 'answer-lost')
      throw new Error('simulated: timed out after the processor took the charge');
    return payment.result;
  }

  async refund({ paymentIntentId, idempotencyKey }: RefundRequest): Promise<RefundResult> {
    this.failIfDown('refund');
    const payment = [...this.payments.values()].find(
      (p) => p.result.outcome === 'succeeded' && p.result.paymentIntentId === paymentIntentId,
    );
    if (!payment) throw new Error(`simulated: no such payment_intent ${paymentIntentId}`);
    const calls = (this.refundCalls.get(payment.orderId) ?? 0) + 1;
    this.refundCalls.set(payment.orderId, calls);
    if (calls <= (this.plans.get(payment.orderId) ?? GOOD).refundFailures) {
      throw new Error('simulated: the processor answered 500 to the refund');
    }
    const existing = this.refunds.get(idempotencyKey);
    if (existing) return { refundId: existing.refundId };
    const refund = { paymentIntentId, refundId: `re_sim_${this.refunds.size + 1}` };
    this.refunds.set(idempotencyKey, refund);
    return { refundId: refund.refundId };
  }

  async lookup({ orderId, idempotencyKey }: LookupRequest): Promise<PaymentLookup> {
    this.failIfDown('lookup');
    const payment = this.payments.get(idempotencyKey);
    const lag = (this.plans.get(orderId) ?? GOOD).searchLagMs;
    if (!payment || Date.now() < payment.madeAt + lag) return { outcome: 'not-found' };
    return payment.result;
  }

  private failIfDown(operation: string): void {
    const now = Date.now();
    if (this.outages.some(({ from, to }) => from <= now && now < to)) {
      throw new Error(`simulated: the processor is down (503 on ${operation})`);
    }
  }
}
