import Stripe from 'stripe';
import { StripeGateway } from '../stripe-gateway';
import { RecordingProxy } from './recording-proxy';

const stripeMockUrl = process.env.STRIPE_MOCK_URL;
const orderId = '65f1c0ffee0ddba11c0ffee1';
let proxy: RecordingProxy;
let gateway: StripeGateway;

beforeAll(async () => {
  if (!stripeMockUrl)
    throw new Error('STRIPE_MOCK_URL is not set: run the suite through scripts/with-deps.sh');
  proxy = new RecordingProxy(new URL(stripeMockUrl));
  const port = await proxy.start();
  gateway = new StripeGateway(
    new Stripe('sk_test_123', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 }),
  );
});
afterAll(() => proxy.stop());
beforeEach(() => {
  proxy.requests.length = 0;
  proxy.answer = undefined;
  proxy.rewrite = undefined;
});

const createIntent = (amountCents = 2599) =>
  gateway.createIntent({
    amountCents,
    paymentMethodId: 'pm_card_visa',
    idempotencyKey: `charge-${orderId}`,
    orderId,
  });
const chargeVisa = () => gateway.confirm({ paymentIntentId: 'pi_123', idempotencyKey: `confirm-${orderId}` });

const stripeError = (status: number, error: Record<string, string>) => () => ({ status, body: { error } });

describe('StripeGateway against stripe-mock', () => {
  it('when creating the intent, then it creates one unconfirmed PaymentIntent with the idempotency key and gives its id', async () => {
    const created = await createIntent();
    expect(created).toEqual({ outcome: 'created', paymentIntentId: expect.stringMatching(/^pi_/) });
    expect(proxy.requests).toHaveLength(1);
    const [sent] = proxy.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/payment_intents');
    expect(sent?.headers['idempotency-key']).toBe(`charge-${orderId}`);
    expect(sent?.headers.authorization).toBe('Bearer sk_test_123');
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      amount: '2599',
      currency: 'usd',
      payment_method: 'pm_card_visa',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[orderId]': orderId,
    });
  });

  it('when Stripe refuses an amount below its minimum at creation, then it is a decline', async () => {
    proxy.answer = stripeError(400, {
      type: 'invalid_request_error',
      code: 'amount_too_small',
      message: 'Amount must be at least $0.50 usd',
    });
    await expect(createIntent(49)).resolves.toEqual({
      outcome: 'declined',
      message: 'Amount must be at least $0.50 usd',
    });
  });

  it('when confirming, then it confirms that intent by id with its own idempotency key', async () => {
    await chargeVisa();
    expect(proxy.requests).toHaveLength(1);
    const [sent] = proxy.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/payment_intents/pi_123/confirm');
    expect(sent?.headers['idempotency-key']).toBe(`confirm-${orderId}`);
  });

  it('when stripe-mock answers with an intent needing a new payment method, then it is a decline', async () => {
    await expect(chargeVisa()).resolves.toEqual({ outcome: 'declined', message: 'Your card was declined.' });
  });

  it('when the confirmed intent succeeded, then the outcome carries its id', async () => {
    proxy.rewrite = (intent) => ({ ...intent, status: 'succeeded', last_payment_error: null });
    const result = await chargeVisa();
    expect(result).toEqual({ outcome: 'succeeded', paymentIntentId: expect.stringMatching(/^pi_/) });
  });

  it('when the intent needs 3-D Secure, then it is a decline asking for another card', async () => {
    proxy.rewrite = (intent) => ({ ...intent, status: 'requires_action' });
    const result = await chargeVisa();
    expect(result).toEqual({ outcome: 'declined', message: expect.stringMatching(/authentication/) });
  });

  it('when the intent is still processing, then the outcome is unknown and the gateway rejects', async () => {
    proxy.rewrite = (intent) => ({ ...intent, status: 'processing' });
    await expect(chargeVisa()).rejects.toThrow(/processing/);
  });

  it("when Stripe declines the card, then the outcome is declined with Stripe's message", async () => {
    proxy.answer = stripeError(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    await expect(chargeVisa()).resolves.toEqual({
      outcome: 'declined',
      message: 'Your card has insufficient funds.',
    });
  });

  it('when Stripe fails, then the gateway rejects (outcome unknown, not a decline)', async () => {
    proxy.answer = stripeError(500, { type: 'api_error', message: 'An unknown error occurred' });
    await expect(chargeVisa()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });

  it('when refunding, then it refunds the PaymentIntent with the idempotency key and returns the refund id', async () => {
    const result = await gateway.refund({ paymentIntentId: 'pi_123', idempotencyKey: `refund-${orderId}` });
    expect(result.refundId).toMatch(/^re_/);
    expect(proxy.requests).toHaveLength(1);
    const [sent] = proxy.requests;
    expect(sent?.path).toBe('/v1/refunds');
    expect(sent?.headers['idempotency-key']).toBe(`refund-${orderId}`);
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({ payment_intent: 'pi_123' });
  });

  it('when retrieving an intent, then it is read by id (never searched for)', async () => {
    await gateway.retrieve('pi_123');
    const [sent] = proxy.requests;
    expect(sent?.method).toBe('GET');
    expect(sent?.path).toBe('/v1/payment_intents/pi_123');
  });

  it.each([
    ['succeeded', { outcome: 'succeeded', paymentIntentId: 'pi_123' }],
    ['requires_confirmation', { outcome: 'unconfirmed' }],
    ['processing', { outcome: 'pending' }],
    ['canceled', { outcome: 'canceled' }],
    ['requires_payment_method', { outcome: 'declined', message: 'Your card was declined.' }],
  ])('when the retrieved intent is %s, then the answer is %j', async (status, answer) => {
    proxy.rewrite = (intent) => ({ ...intent, id: 'pi_123', status, last_payment_error: null });
    await expect(gateway.retrieve('pi_123')).resolves.toEqual(answer);
  });

  it('when cancelling, then it cancels that intent by id with the idempotency key and gives its state', async () => {
    proxy.rewrite = (intent) => ({ ...intent, status: 'canceled' });
    await expect(
      gateway.cancel({ paymentIntentId: 'pi_123', idempotencyKey: `cancel-${orderId}` }),
    ).resolves.toEqual({ outcome: 'canceled' });
    const [sent] = proxy.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/payment_intents/pi_123/cancel');
    expect(sent?.headers['idempotency-key']).toBe(`cancel-${orderId}`);
  });

  it('when Stripe refuses to cancel an intent that already succeeded, then cancel rejects (the outcome is read next time)', async () => {
    proxy.answer = stripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: 'You cannot cancel this PaymentIntent because it has a status of succeeded.',
    });
    await expect(
      gateway.cancel({ paymentIntentId: 'pi_123', idempotencyKey: `cancel-${orderId}` }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
