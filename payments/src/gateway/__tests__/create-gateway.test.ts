import { STRIPE_CLIENT_OPTIONS, createGateway } from '..';
import { REFUND_ACK_WAIT_MS } from '../../events/listeners/order-cancelled-listener';
import { reconcilerShape } from '../../config';
import { GatewayError, describeGatewayError, safely } from '../gateway-error';
import { SandboxGateway } from '../sandbox-gateway';
import { StripeGateway } from '../stripe-gateway';

describe('createGateway', () => {
  it('when STRIPE_KEY is set, then payments go through Stripe', () => {
    expect(createGateway({ STRIPE_KEY: 'sk_test_123' })).toBeInstanceOf(StripeGateway);
  });

  it('when STRIPE_KEY is not set, then the sandbox is used', () => {
    expect(createGateway({})).toBeInstanceOf(SandboxGateway);
  });
});

describe('how long a Stripe call may take', () => {
  // Every try may last the timeout; stripe-node waits at most 5 s between tries (MAX_NETWORK_RETRY_DELAY_SEC).
  const worstCaseMs =
    STRIPE_CLIENT_OPTIONS.timeout * (STRIPE_CLIENT_OPTIONS.maxNetworkRetries + 1) +
    5_000 * STRIPE_CLIENT_OPTIONS.maxNetworkRetries;

  it('when a refund runs inside a message handler, then it ends before the broker redelivers the message', () => {
    expect(worstCaseMs).toBeLessThan(REFUND_ACK_WAIT_MS);
  });

  it('when the reconciler looks at a charge, then its payment request can no longer be in flight', () => {
    expect(worstCaseMs).toBeLessThan(reconcilerShape.RECONCILE_GRACE_MS.parse(undefined));
  });
});

describe('describeGatewayError', () => {
  it('when an error quotes a payment method or token, then the log form hides it and keeps the rest', () => {
    const err = Object.assign(new Error("No such PaymentMethod: 'pm_1Q2w3E4r5T6y7U8i'; tok_visa"), {
      type: 'invalid_request_error',
      code: 'resource_missing',
      statusCode: 400,
      requestId: 'req_123',
      raw: { payment_method: { card: { last4: '4242' } } },
    });
    const described = describeGatewayError(err);
    expect(described).toEqual({
      name: 'Error',
      message: "No such PaymentMethod: 'pm_[redacted]'; tok_[redacted]",
      type: 'invalid_request_error',
      code: 'resource_missing',
      statusCode: 400,
      requestId: 'req_123',
    });
    expect(JSON.stringify(described)).not.toMatch(/4242/);
  });

  it('when something that is not an Error was thrown, then only that is said', () => {
    expect(describeGatewayError('boom')).toEqual({ error: 'non-error thrown' });
  });
});

describe('GatewayError', () => {
  it('when a gateway call fails, then what travels on is the safe description only', async () => {
    const raw = Object.assign(new Error("No such PaymentMethod: 'pm_1Q2w3E4r5T6y7U8i'"), {
      raw: { payment_method: { card: { last4: '4242' } } },
    });
    const failure = await safely('refund', () => Promise.reject(raw)).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).message).toBe("refund failed: No such PaymentMethod: 'pm_[redacted]'");
    expect(JSON.stringify(failure)).not.toMatch(/4242|pm_1Q2w/);
  });
});
