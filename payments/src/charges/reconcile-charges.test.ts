import { Charge } from '../models/charge';
import { givenOrder, orderCancelled, startService } from '../test/harness';
import { ChargeReconciler, NEVER_REACHED_MESSAGE } from './reconcile-charges';
import { chargeKey } from './keys';

const options = { intervalMs: 1_000, graceMs: 30_000, notFoundAfterMs: 120_000 };
const later = (ms: number) => Date.now() + ms;

/** A service with an order whose payment attempt left its charge `created` (the gateway's answer was lost). */
async function unsettled(orderOverrides = {}) {
  const service = await startService();
  const order = await givenOrder(orderOverrides);
  await Charge.create({ orderId: order.id, status: 'created', amount: order.ticket.price });
  const reconciler = new ChargeReconciler(service.gateway, options);
  return { ...service, order, reconciler };
}

describe('ChargeReconciler', () => {
  it('when the processor took the payment, then the charge completes and payment:created goes out', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled();
    gateway.onLookup = async () => ({ outcome: 'succeeded', paymentIntentId: 'pi_found' });
    expect(await reconciler.reconcileOnce(later(60_000))).toEqual(new Map([[order.id, 'completed']]));
    expect(gateway.lookups).toEqual([{ orderId: order.id, idempotencyKey: chargeKey(order.id) }]);
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'completed',
      stripeId: 'pi_found',
    });
    await relay.flush();
    expect(bus.publishedData('payment:created')).toEqual([
      expect.objectContaining({ orderId: order.id, stripeId: 'pi_found' }),
    ]);
  });

  it('when the processor took the payment but the order lapsed meanwhile, then it is refunded and nothing is announced', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled();
    await bus.deliver('order:cancelled', orderCancelled(order, 1));
    gateway.onLookup = async () => ({ outcome: 'succeeded', paymentIntentId: 'pi_lapsed' });
    await reconciler.reconcileOnce(later(60_000));
    expect(gateway.refunds).toEqual([{ paymentIntentId: 'pi_lapsed', idempotencyKey: `refund-${order.id}` }]);
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'completed',
      stripeRefundId: `re_test_refund-${order.id}`,
    });
    await relay.flush();
    expect(bus.published).toEqual([]);
  });

  it('when the processor declined it, then the charge fails and payment:failed goes out with the reason', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled();
    gateway.onLookup = async () => ({ outcome: 'declined', message: 'Your card was declined.' });
    expect(await reconciler.reconcileOnce(later(60_000))).toEqual(new Map([[order.id, 'failed']]));
    await relay.flush();
    expect(bus.publishedData('payment:failed')).toEqual([
      { orderId: order.id, reason: 'Your card was declined.' },
    ]);
  });

  it('when the processor has no payment, then it waits, and after the not-found delay the charge fails', async () => {
    const { order, reconciler, relay, bus } = await unsettled();
    expect(await reconciler.reconcileOnce(later(60_000))).toEqual(new Map([[order.id, 'pending']]));
    expect((await Charge.findOne({ orderId: order.id }).lean())?.status).toBe('created');
    expect(await reconciler.reconcileOnce(later(130_000))).toEqual(new Map([[order.id, 'failed']]));
    await relay.flush();
    expect(bus.publishedData('payment:failed')).toEqual([
      { orderId: order.id, reason: NEVER_REACHED_MESSAGE },
    ]);
  });

  it('when the payment is still processing, then the charge stays created', async () => {
    const { gateway, order, reconciler } = await unsettled();
    gateway.onLookup = async () => ({ outcome: 'pending' });
    expect(await reconciler.reconcileOnce(later(300_000))).toEqual(new Map([[order.id, 'pending']]));
    expect((await Charge.findOne({ orderId: order.id }).lean())?.status).toBe('created');
  });

  it('when the charge is younger than the grace period, then the processor is not even asked', async () => {
    const { gateway, reconciler } = await unsettled();
    expect(await reconciler.reconcileOnce()).toEqual(new Map());
    expect(gateway.lookups).toEqual([]);
  });

  it('when two replicas reconcile the same charge at once, then it is settled once with one event', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled();
    gateway.onLookup = async () => ({ outcome: 'succeeded', paymentIntentId: 'pi_twice' });
    const other = new ChargeReconciler(gateway, options);
    await Promise.all([reconciler.reconcileOnce(later(60_000)), other.reconcileOnce(later(60_000))]);
    await relay.flush();
    expect(bus.publishedData('payment:created')).toHaveLength(1);
    expect((await Charge.findOne({ orderId: order.id }).lean())?.version).toBe(1);
  });

  it('when the processor cannot answer for one charge, then the others are still reconciled', async () => {
    const { gateway, order, reconciler } = await unsettled();
    const second = await givenOrder();
    await Charge.create({ orderId: second.id, status: 'created', amount: 1000 });
    gateway.onLookup = async ({ orderId }) => {
      if (orderId === order.id) throw new Error('processor down');
      return { outcome: 'succeeded', paymentIntentId: 'pi_second' };
    };
    expect(await reconciler.reconcileOnce(later(60_000))).toEqual(new Map([[second.id, 'completed']]));
    expect((await Charge.findOne({ orderId: order.id }).lean())?.status).toBe('created');
  });
});
