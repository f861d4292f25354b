import {
  SANDBOX_DECLINED_CARDS,
  SANDBOX_FAULT_CARDS,
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

  it('when the answer of a payment is lost, then the charge call fails but lookup finds the payment made', async () => {
    const sandbox = new SandboxGateway();
    const request = {
      amountCents: 1000,
      paymentMethodId: SANDBOX_FAULT_CARDS.answerLost,
      idempotencyKey: 'charge-lost',
      orderId: '65f1c0ffee0ddba11c0ffe01',
    };
    await expect(sandbox.charge(request)).rejects.toThrow('timed out');
    await expect(
      sandbox.lookup({ orderId: request.orderId, idempotencyKey: 'charge-lost' }),
    ).resolves.toEqual({
      outcome: 'succeeded',
      paymentIntentId: expect.stringMatching(/^pi_sandbox_/),
    });
  });

  it('when the processor is unreachable, then the charge call fails and lookup finds nothing', async () => {
    const sandbox = new SandboxGateway();
    const orderId = '65f1c0ffee0ddba11c0ffe02';
    await expect(
      sandbox.charge({
        amountCents: 1000,
        paymentMethodId: SANDBOX_FAULT_CARDS.unreachable,
        idempotencyKey: 'k',
        orderId,
      }),
    ).rejects.toThrow('could not be reached');
    await expect(sandbox.lookup({ orderId, idempotencyKey: 'k' })).resolves.toEqual({ outcome: 'not-found' });
  });

  it('when a declined payment is looked up, then lookup says declined with the same message', async () => {
    const sandbox = new SandboxGateway();
    const orderId = '65f1c0ffee0ddba11c0ffe03';
    await sandbox.charge({
      amountCents: 1000,
      paymentMethodId: 'pm_card_chargeDeclined',
      idempotencyKey: 'd',
      orderId,
    });
    await expect(sandbox.lookup({ orderId, idempotencyKey: 'd' })).resolves.toEqual({
      outcome: 'declined',
      message: 'Your card was declined.',
    });
  });
});
