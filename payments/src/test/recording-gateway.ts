import type {
  ChargeRequest,
  ChargeResult,
  LookupRequest,
  PaymentGateway,
  PaymentLookup,
  RefundRequest,
  RefundResult,
} from '../gateway/payment-gateway';

/**
 * A test double of the processor: records every call and answers as the test says (by default every charge
 * succeeds). Refunds with the same idempotency key return the same refund, as Stripe's do.
 */
export class RecordingGateway implements PaymentGateway {
  readonly name = 'recording';
  readonly charges: ChargeRequest[] = [];
  readonly refunds: RefundRequest[] = [];
  readonly lookups: LookupRequest[] = [];
  onCharge: (request: ChargeRequest) => Promise<ChargeResult> = async (request) => ({
    outcome: 'succeeded',
    paymentIntentId: `pi_test_${request.orderId}`,
  });
  onRefund: (request: RefundRequest) => Promise<RefundResult> = async (request) => ({
    refundId: `re_test_${request.idempotencyKey}`,
  });

  onLookup: (request: LookupRequest) => Promise<PaymentLookup> = async () => ({ outcome: 'not-found' });

  charge(request: ChargeRequest): Promise<ChargeResult> {
    this.charges.push(request);
    return this.onCharge(request);
  }

  refund(request: RefundRequest): Promise<RefundResult> {
    this.refunds.push(request);
    return this.onRefund(request);
  }

  lookup(request: LookupRequest): Promise<PaymentLookup> {
    this.lookups.push(request);
    return this.onLookup(request);
  }
}
