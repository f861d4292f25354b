import {
  SANDBOX_DECLINED_CARDS,
  SANDBOX_FAULT_CARDS,
  SANDBOX_SUCCEEDING_CARDS,
  SandboxGateway,
  UNKNOWN_CARD_MESSAGE,
} from '../sandbox-gateway';

const orderId = '65f1c0ffee0ddba11c0ffee1';

/** Both steps of a payment, as the route takes them: create the intent, then confirm it. */
async function charge(
  paymentMethodId: string,
  { idempotencyKey = 'charge-1', amountCents = 1000, gateway = new SandboxGateway() } = {},
) {
  const created = await gateway.createIntent({ amountCents, paymentMethodId, idempotencyKey, orderId });
  if (created.outcome === 'declined') return created;
  return gateway.confirm({ paymentIntentId: created.paymentIntentId, idempotencyKey: 'confirm-1' });
}

/** An intent created and not confirmed yet. */
async function intent(gateway: SandboxGateway, paymentMethodId: string, idempotencyKey = 'charge-x') {
  const created = await gateway.createIntent({ amountCents: 1000, paymentMethodId, idempotencyKey, orderId });
  if (created.outcome !== 'created') throw new Error('not created');
  return created.paymentIntentId;
}

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

  it('when the same creation key is used twice, then the same PaymentIntent comes back, as with Stripe', async () => {
    const gateway = new SandboxGateway();
    const first = await intent(gateway, 'pm_card_visa', 'charge-a');
    expect(await intent(gateway, 'pm_card_visa', 'charge-a')).toBe(first);
    expect(await intent(gateway, 'pm_card_visa', 'charge-b')).not.toBe(first);
  });

  it('when an intent is created and not confirmed, then it charged nothing: retrieve says unconfirmed', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, 'pm_card_visa');
    await expect(gateway.retrieve(id)).resolves.toEqual({ outcome: 'unconfirmed' });
  });

  it('when the same intent is confirmed twice, then the second answer is the first (one charge)', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, 'pm_card_visa');
    const first = await gateway.confirm({ paymentIntentId: id, idempotencyKey: 'confirm-1' });
    await expect(gateway.confirm({ paymentIntentId: id, idempotencyKey: 'confirm-1' })).resolves.toEqual(
      first,
    );
  });

  it('when the amount is below 50 cents, then it is declined at creation as Stripe would', async () => {
    await expect(charge('pm_card_visa', { amountCents: 49 })).resolves.toEqual({
      outcome: 'declined',
      message: 'Amount must be at least $0.50 usd',
    });
  });

  it('when refunding twice with one key, then the same refund id comes back', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, 'pm_card_visa');
    await gateway.confirm({ paymentIntentId: id, idempotencyKey: 'confirm-1' });
    const first = await gateway.refund({ paymentIntentId: id, idempotencyKey: 'refund-1' });
    expect(first.refundId).toMatch(/^re_sandbox_/);
    await expect(gateway.refund({ paymentIntentId: id, idempotencyKey: 'refund-1' })).resolves.toEqual(first);
  });

  it('when the answer of a confirmation is lost, then the call fails but retrieving the intent by id finds the payment made', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, SANDBOX_FAULT_CARDS.answerLost);
    await expect(gateway.confirm({ paymentIntentId: id, idempotencyKey: 'c' })).rejects.toThrow('timed out');
    await expect(gateway.retrieve(id)).resolves.toEqual({ outcome: 'succeeded', paymentIntentId: id });
    await expect(gateway.cancel({ paymentIntentId: id, idempotencyKey: 'x' })).rejects.toThrow('succeeded');
  });

  it('when the confirmation never reaches the processor, then the intent stays unconfirmed; once cancelled it can never charge', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, SANDBOX_FAULT_CARDS.unreachable);
    await expect(gateway.confirm({ paymentIntentId: id, idempotencyKey: 'c' })).rejects.toThrow(
      'could not be reached',
    );
    await expect(gateway.retrieve(id)).resolves.toEqual({ outcome: 'unconfirmed' });
    await expect(gateway.cancel({ paymentIntentId: id, idempotencyKey: 'x' })).resolves.toEqual({
      outcome: 'canceled',
    });
    await expect(gateway.retrieve(id)).resolves.toEqual({ outcome: 'canceled' });
  });

  it('when an intent is cancelled before its confirmation, then the confirmation fails and nothing is charged', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, 'pm_card_visa');
    await gateway.cancel({ paymentIntentId: id, idempotencyKey: 'x' });
    await expect(gateway.confirm({ paymentIntentId: id, idempotencyKey: 'c' })).rejects.toThrow('canceled');
    await expect(gateway.retrieve(id)).resolves.toEqual({ outcome: 'canceled' });
  });

  it('when a declined intent is retrieved, then it says declined with the same message', async () => {
    const gateway = new SandboxGateway();
    const id = await intent(gateway, 'pm_card_chargeDeclined');
    await gateway.confirm({ paymentIntentId: id, idempotencyKey: 'c' });
    await expect(gateway.retrieve(id)).resolves.toEqual({
      outcome: 'declined',
      message: 'Your card was declined.',
    });
  });

  it('when asked about an intent it does not know (a restart forgot it), then it fails rather than answer "not charged"', async () => {
    await expect(new SandboxGateway().retrieve('pi_sandbox_unknown')).rejects.toThrow(
      'no such PaymentIntent',
    );
  });
});
