import type {
  ChargeResult,
  IntentCreated,
  IntentOperation,
  IntentRequest,
  IntentState,
  PaymentGateway,
  RefundRequest,
  RefundResult,
} from '../gateway/payment-gateway';

/**
 * A test double of the processor: records every call and answers as the test says. By default it keeps the
 * processor's rules (one intent per order, its state read back by id, a cancel refused once it charged) and
 * every confirmed charge succeeds. Refunds with the same idempotency key return the same refund, as Stripe's do.
 */
export class RecordingGateway implements PaymentGateway {
  readonly name = 'recording';
  readonly intents: IntentRequest[] = [];
  /** The intents confirmed, as they were created: each is one attempt to charge the card. */
  readonly charges: IntentRequest[] = [];
  readonly retrievals: string[] = [];
  readonly cancels: IntentOperation[] = [];
  readonly refunds: RefundRequest[] = [];
  private readonly states = new Map<string, { request: IntentRequest; state: IntentState }>();

  onCreate: (request: IntentRequest) => Promise<IntentCreated> = async (request) => ({
    outcome: 'created',
    paymentIntentId: `pi_test_${request.orderId}`,
  });
  onCharge: (request: IntentRequest) => Promise<ChargeResult> = async (request) => ({
    outcome: 'succeeded',
    paymentIntentId: `pi_test_${request.orderId}`,
  });
  onRetrieve: (paymentIntentId: string) => Promise<IntentState> = async (paymentIntentId) =>
    this.states.get(paymentIntentId)?.state ?? { outcome: 'unconfirmed' };
  onCancel: (operation: IntentOperation) => Promise<IntentState> = async ({ paymentIntentId }) => {
    const known = this.states.get(paymentIntentId);
    if (known?.state.outcome === 'succeeded') throw new Error(`${paymentIntentId} succeeded: cannot cancel`);
    if (known) known.state = { outcome: 'canceled' };
    return { outcome: 'canceled' };
  };
  onRefund: (request: RefundRequest) => Promise<RefundResult> = async (request) => ({
    refundId: `re_test_${request.idempotencyKey}`,
  });

  async createIntent(request: IntentRequest): Promise<IntentCreated> {
    this.intents.push(request);
    const created = await this.onCreate(request);
    if (created.outcome === 'created' && !this.states.has(created.paymentIntentId)) {
      this.states.set(created.paymentIntentId, { request, state: { outcome: 'unconfirmed' } });
    }
    return created;
  }

  async confirm({ paymentIntentId }: IntentOperation): Promise<ChargeResult> {
    const known = this.states.get(paymentIntentId);
    if (!known) throw new Error(`no such PaymentIntent ${paymentIntentId}`);
    this.charges.push(known.request);
    const result = await this.onCharge(known.request);
    known.state = result;
    return result;
  }

  retrieve(paymentIntentId: string): Promise<IntentState> {
    this.retrievals.push(paymentIntentId);
    return this.onRetrieve(paymentIntentId);
  }

  cancel(operation: IntentOperation): Promise<IntentState> {
    this.cancels.push(operation);
    return this.onCancel(operation);
  }

  refund(request: RefundRequest): Promise<RefundResult> {
    this.refunds.push(request);
    return this.onRefund(request);
  }
}
