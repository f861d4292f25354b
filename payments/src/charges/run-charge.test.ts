import { Charge } from '../models/charge';
import { givenOrder, startService } from '../test/harness';
import { claimCharge } from './claim-charge';
import { runCharge, TOO_LATE_NOT_CHARGED_MESSAGE } from './run-charge';

async function claimed() {
  const { gateway, relay, bus } = await startService();
  const order = await givenOrder();
  const charge = await claimCharge(order.id, 2599, new Date(Date.now() + 45_000));
  return { gateway, relay, bus, order, charge };
}

const attempt = { amountCents: 2599, paymentMethodId: 'pm_card_visa', confirmBy: Date.now() + 60_000 };

describe('runCharge: create the intent, record its id, then confirm', () => {
  it('when the confirmation answer is lost, then the intent id was recorded before it, for the reconciler to ask by id', async () => {
    const { gateway, order, charge } = await claimed();
    gateway.onCharge = async () => {
      expect((await Charge.findById(charge._id).lean())?.stripeId).toBe(`pi_test_${order.id}`);
      throw new Error('socket hang up');
    };
    await expect(runCharge({ gateway }, charge, attempt)).rejects.toThrow('socket hang up');
    expect(await Charge.findById(charge._id).lean()).toMatchObject({
      status: 'created',
      stripeId: `pi_test_${order.id}`,
    });
  });

  it('when the reconciler declared the charge never charged while the intent was being created, then it is not confirmed', async () => {
    const { gateway, charge } = await claimed();
    gateway.onCreate = async (request) => {
      await Charge.updateOne({ _id: charge._id }, { status: 'failed', $inc: { version: 1 } });
      return { outcome: 'created', paymentIntentId: `pi_test_${request.orderId}` };
    };
    await expect(runCharge({ gateway }, charge, attempt)).resolves.toMatchObject({ status: 'failed' });
    expect(gateway.charges).toEqual([]);
  });

  it('when creating the intent ends after the last moment to confirm, then it is not confirmed and the charge fails as not charged', async () => {
    const { gateway, charge, relay, bus, order } = await claimed();
    const settled = await runCharge({ gateway }, charge, { ...attempt, confirmBy: Date.now() - 1 });
    expect(settled).toMatchObject({ status: 'failed', failureReason: TOO_LATE_NOT_CHARGED_MESSAGE });
    expect(gateway.charges).toEqual([]);
    await relay.flush();
    expect(bus.publishedData('payment:failed')).toEqual([
      { orderId: order.id, reason: TOO_LATE_NOT_CHARGED_MESSAGE },
    ]);
  });

  it('when the amount is refused at creation, then the charge fails with that message and nothing is confirmed', async () => {
    const { gateway, charge } = await claimed();
    gateway.onCreate = async () => ({ outcome: 'declined', message: 'Amount must be at least $0.50 usd' });
    await expect(runCharge({ gateway }, charge, attempt)).resolves.toMatchObject({
      status: 'failed',
      failureReason: 'Amount must be at least $0.50 usd',
    });
    expect(gateway.charges).toEqual([]);
  });
});
