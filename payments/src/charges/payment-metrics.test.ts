import request from 'supertest';
import { metricValue, sessionCookieFor } from '@ticketing/common/testing';
import { Charge } from '../models/charge';
import { givenOrder, orderCancelled, startService } from '../test/harness';
import type { RecordingGateway } from '../test/recording-gateway';
import { ChargeReconciler } from './reconcile-charges';

const PAYMENTS = 'ticketing_payments_total';
const RECONCILED = 'ticketing_charges_reconciled_total';

type Service = Awaited<ReturnType<typeof startService<RecordingGateway>>>;
type Order = Awaited<ReturnType<typeof givenOrder>>;

/** Pays a fresh order through the route with a gateway set up by `arrange`; gives the status answered. */
async function payWith(arrange: (service: Service, order: Order) => void) {
  const order = await givenOrder({ version: 1 });
  const service = await startService();
  arrange(service, order);
  const response = await request(service.app)
    .post('/api/payments')
    .set('Cookie', sessionCookieFor(order.buyer))
    .send({ orderId: order.id, token: 'pm_card_visa' });
  return response.status;
}

describe('payment metrics', () => {
  it.each([
    ['succeeded', 201, () => undefined],
    [
      'declined',
      402,
      (service: Service) => {
        service.gateway.onCharge = async () => ({ outcome: 'declined', message: 'Your card was declined.' });
      },
    ],
    [
      'pending',
      202,
      (service: Service) => {
        service.gateway.onCharge = async () => {
          throw new Error('connection reset');
        };
      },
    ],
  ] as const)('when a payment is %s, then the outcome counter moves', async (outcome, status, arrange) => {
    const before = await metricValue(PAYMENTS, { outcome });

    expect(await payWith(arrange)).toBe(status);

    expect(await metricValue(PAYMENTS, { outcome })).toBe(before + 1);
  });

  it('when the order lapses while the card is charged, then the payment is counted as refunded', async () => {
    const before = await metricValue(PAYMENTS, { outcome: 'refunded' });
    const succeeded = await metricValue(PAYMENTS, { outcome: 'succeeded' });

    const status = await payWith((service, order) => {
      const succeed = service.gateway.onCharge;
      service.gateway.onCharge = async (req) => {
        // The cancel reaches payments while the processor is still working on the card.
        await service.bus.deliver('order:cancelled', orderCancelled(order, 2));
        return succeed(req);
      };
    });

    expect(status).toBe(400);
    expect(await metricValue(PAYMENTS, { outcome: 'refunded' })).toBe(before + 1);
    expect(await metricValue(PAYMENTS, { outcome: 'succeeded' })).toBe(succeeded);
  });

  it('when the reconciler settles or keeps charges, then each is counted by its result', async () => {
    const service = await startService();
    const [found, declined, unknown] = await Promise.all([givenOrder(), givenOrder(), givenOrder()]);
    for (const order of [found, declined, unknown]) {
      await Charge.create({
        orderId: order.id,
        status: 'created',
        amount: order.ticket.price,
        stripeId: `pi_${order.id}`,
        reconcileAt: new Date(),
      });
    }
    service.gateway.onRetrieve = async (id) =>
      id === `pi_${found.id}`
        ? { outcome: 'succeeded', paymentIntentId: id }
        : id === `pi_${declined.id}`
          ? { outcome: 'declined', message: 'Your card was declined.' }
          : { outcome: 'pending' };
    const before = await Promise.all(
      ['completed', 'failed', 'pending'].map((result) => metricValue(RECONCILED, { result })),
    );
    const reconciler = new ChargeReconciler(service.gateway, { intervalMs: 1_000 });

    await reconciler.reconcileOnce(Date.now() + 60_000);

    const after = await Promise.all(
      ['completed', 'failed', 'pending'].map((result) => metricValue(RECONCILED, { result })),
    );
    expect(after).toEqual(before.map((n) => n + 1));
  });
});
