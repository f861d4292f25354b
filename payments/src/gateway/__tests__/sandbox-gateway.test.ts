import {
  SANDBOX_DECLINED_CARDS,
  SANDBOX_SUCCEEDING_CARDS,
  SandboxGateway,
  UNKNOWN_CARD_MESSAGE,
} from '../sandbox-gateway';

const gateway = new SandboxGateway();
const charge = (paymentMethodId: string, idempotencyKey = 'charge-1', amountCents = 1000) =>
  gateway.charge({ amountCents, paymentMethodId, idempotencyKey, orderId: '65f1c0ffee0ddba11c0ffee1' });

describe('SandboxGateway', () => {
  it.each(SANDBOX_SUCCEEDING_CARDS)('when charging %s, then it succeeds', async (card) => {
    await expect(charge(card)).resolves.toEqual({
      outcome: 'succeeded',
      paymentIntentId: expect.stringMatching(/^pi_sandbox_/),
    });
  });

  it.each(Object.entries(SANDBOX_DECLINED_CARDS))(
    'when charging %s, then it is declined: %s',
    async (card, message) => {
      await expect(charge(card)).resolves.toEqual({ outcome: 'declined', message });
    },
  );

  it.each(['pm_1Q2w3E4r5T6y7U8i', 'toString', '__proto__', 'tok_visa'])(
    'when charging the unknown id %s, then it is declined with a clear message',
    async (card) => {
      await expect(charge(card)).resolves.toEqual({ outcome: 'declined', message: UNKNOWN_CARD_MESSAGE });
    },
  );

  it('when the same idempotency key is used twice, then the same PaymentIntent id comes back, as with Stripe', async () => {
    const first = await charge('pm_card_visa', 'charge-a');
    expect(await charge('pm_card_visa', 'charge-a')).toEqual(first);
    expect(await charge('pm_card_visa', 'charge-b')).not.toEqual(first);
  });

  it('when the amount is below 50 cents, then it is declined as Stripe would', async () => {
    await expect(charge('pm_card_visa', 'k', 49)).resolves.toEqual({
      outcome: 'declined',
      message: 'Amount must be at least $0.50 usd',
    });
  });

  it('when refunding twice with one key, then the same refund id comes back', async () => {
    const first = await gateway.refund({ paymentIntentId: 'pi_sandbox_x', idempotencyKey: 'refund-1' });
    expect(first.refundId).toMatch(/^re_sandbox_/);
    await expect(
      gateway.refund({ paymentIntentId: 'pi_sandbox_x', idempotencyKey: 'refund-1' }),
    ).resolves.toEqual(first);
  });
});
