import { Charge } from '../models/charge';
import { givenOrder, orderCancelled, startService } from '../test/harness';
import { ChargeReconciler, NEVER_REACHED_MESSAGE } from './reconcile-charges';

const options = { intervalMs: 1_000, maxBackoffMs: 8_000 };
const chargeOf = (orderId: string) => Charge.findOne({ orderId }).lean();

/**
 * A service with an order whose payment left its charge `created` and due a look (the gateway's answer was
 * lost, or the request died): with `stripeId` the intent was created and its id recorded.
 */
async function unsettled(charge: { stripeId?: string; reconcileAt?: Date } = {}) {
  const service = await startService();
  const order = await givenOrder();
  await Charge.create({
    orderId: order.id,
    status: 'created',
    amount: order.ticket.price,
    reconcileAt: new Date(Date.now() - 1_000),
    attempts: 0,
    ...charge,
  });
  const reconciler = new ChargeReconciler(service.gateway, options);
  return { ...service, order, reconciler };
}

describe('ChargeReconciler: unsettled charges, by a definite answer about their own intent', () => {
  it('when the processor charged the intent (its answer was lost), then it is read by id, the charge completes and payment:created goes out', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled({ stripeId: 'pi_lost' });
    gateway.onRetrieve = async (id) => ({ outcome: 'succeeded', paymentIntentId: id });
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'completed']]));
    expect(gateway.retrievals).toEqual(['pi_lost']);
    expect(await chargeOf(order.id)).toMatchObject({
      status: 'completed',
      stripeId: 'pi_lost',
      reconcileAt: null,
    });
    await relay.flush();
    expect(bus.publishedData('payment:created')).toEqual([
      expect.objectContaining({ orderId: order.id, stripeId: 'pi_lost' }),
    ]);
  });

  it('when the processor charged it but the order was cancelled meanwhile, then refund due is recorded, it is refunded and nothing is announced', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled({ stripeId: 'pi_lapsed' });
    await bus.deliver('order:cancelled', orderCancelled(order, 1));
    gateway.onRetrieve = async (id) => ({ outcome: 'succeeded', paymentIntentId: id });
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'refunded']]));
    expect(gateway.refunds).toEqual([{ paymentIntentId: 'pi_lapsed', idempotencyKey: `refund-${order.id}` }]);
    expect(await chargeOf(order.id)).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_test_refund-${order.id}`,
    });
    await relay.flush();
    expect(bus.published).toEqual([]);
  });

  it('when the card was declined, then the charge fails and payment:failed goes out with the reason', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled({ stripeId: 'pi_declined' });
    gateway.onRetrieve = async () => ({ outcome: 'declined', message: 'Your card was declined.' });
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'failed']]));
    await relay.flush();
    expect(bus.publishedData('payment:failed')).toEqual([
      { orderId: order.id, reason: 'Your card was declined.' },
    ]);
  });

  it('when no intent id was recorded, then nothing was ever confirmed: the charge fails without asking the processor', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled();
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'failed']]));
    expect(gateway.retrievals).toEqual([]);
    await relay.flush();
    expect(bus.publishedData('payment:failed')).toEqual([
      { orderId: order.id, reason: NEVER_REACHED_MESSAGE },
    ]);
  });

  it('when the intent was never confirmed, then it is cancelled first (so no late confirm can charge) and only then the charge fails', async () => {
    const { gateway, order, reconciler } = await unsettled({ stripeId: 'pi_unconfirmed' });
    gateway.onRetrieve = async () => ({ outcome: 'unconfirmed' });
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'failed']]));
    expect(gateway.cancels).toEqual([
      { paymentIntentId: 'pi_unconfirmed', idempotencyKey: `cancel-${order.id}` },
    ]);
    expect(await chargeOf(order.id)).toMatchObject({
      status: 'failed',
      failureReason: NEVER_REACHED_MESSAGE,
    });
  });

  it('when the confirm lands just before the cancel, then the cancel is refused, the charge stays created, and the next pass completes it', async () => {
    const { gateway, order, reconciler } = await unsettled({ stripeId: 'pi_raced' });
    gateway.onRetrieve = async () => ({ outcome: 'unconfirmed' });
    gateway.onCancel = async () => {
      gateway.onRetrieve = async (id) => ({ outcome: 'succeeded', paymentIntentId: id });
      throw new Error('payment_intent_unexpected_state: this PaymentIntent has succeeded');
    };
    expect(await reconciler.reconcileOnce()).toEqual(new Map([[order.id, 'pending']]));
    expect((await chargeOf(order.id))?.status).toBe('created');
    expect(await reconciler.reconcileOnce(Date.now() + 60_000)).toEqual(new Map([[order.id, 'completed']]));
  });

  it('when the processor search would lag (the intent succeeded but nothing else is known), then the charge is never declared failed', async () => {
    const { gateway, order, reconciler } = await unsettled({ stripeId: 'pi_not_indexed_yet' });
    gateway.onRetrieve = async (id) => ({ outcome: 'succeeded', paymentIntentId: id });
    await reconciler.reconcileOnce(Date.now() + 600_000);
    expect((await chargeOf(order.id))?.status).toBe('completed');
  });

  it('when the intent is still processing, then the charge stays created and is put back with a doubling delay, capped', async () => {
    const { gateway, order, reconciler } = await unsettled({ stripeId: 'pi_processing' });
    gateway.onRetrieve = async () => ({ outcome: 'pending' });
    const start = Date.now();
    const delays: number[] = [];
    let now = start;
    for (let pass = 0; pass < 5; pass += 1) {
      expect(await reconciler.reconcileOnce(now)).toEqual(new Map([[order.id, 'pending']]));
      const next = (await chargeOf(order.id))?.reconcileAt?.getTime() ?? 0;
      delays.push(next - now);
      now = next;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(await chargeOf(order.id)).toMatchObject({ status: 'created', attempts: 5 });
  });

  it('when the charge is not due yet (its payment request may still be running), then the processor is not asked', async () => {
    const { gateway, reconciler } = await unsettled({
      stripeId: 'pi_young',
      reconcileAt: new Date(Date.now() + 45_000),
    });
    expect(await reconciler.reconcileOnce()).toEqual(new Map());
    expect(gateway.retrievals).toEqual([]);
  });

  it('when two replicas reconcile the same charge at once, then it is settled once with one event', async () => {
    const { gateway, order, reconciler, relay, bus } = await unsettled({ stripeId: 'pi_twice' });
    gateway.onRetrieve = async (id) => ({ outcome: 'succeeded', paymentIntentId: id });
    const other = new ChargeReconciler(gateway, options);
    await Promise.all([reconciler.reconcileOnce(), other.reconcileOnce()]);
    await relay.flush();
    expect(bus.publishedData('payment:created')).toHaveLength(1);
    expect((await chargeOf(order.id))?.status).toBe('completed');
  });

  it('when the processor keeps failing for the oldest charge, then it does not starve a newer one: it goes behind it', async () => {
    const { gateway, order: stuck } = await unsettled({
      stripeId: 'pi_stuck',
      reconcileAt: new Date(Date.now() - 60_000),
    });
    const newer = await givenOrder();
    await Charge.create({
      orderId: newer.id,
      status: 'created',
      amount: 1000,
      stripeId: 'pi_newer',
      reconcileAt: new Date(Date.now() - 1_000),
    });
    gateway.onRetrieve = async (id) => {
      if (id === 'pi_stuck') throw new Error('processor down');
      return { outcome: 'succeeded', paymentIntentId: id };
    };
    const oneAtATime = new ChargeReconciler(gateway, { ...options, batchSize: 1 });
    expect(await oneAtATime.reconcileOnce()).toEqual(new Map([[stuck.id, 'pending']]));
    expect(await oneAtATime.reconcileOnce()).toEqual(new Map([[newer.id, 'completed']]));
    expect((await chargeOf(stuck.id))?.status).toBe('created');
  });
});

describe('ChargeReconciler: refunds due', () => {
  it('when a refund keeps failing, then the charge stays refund due and is put back; once the processor answers it is refunded', async () => {
    const { gateway, order, reconciler } = await unsettled();
    await Charge.updateOne(
      { orderId: order.id },
      // As every change of a charge does, it moves the version.
      {
        $set: { status: 'refund_due', stripeId: 'pi_owed', reconcileAt: new Date(Date.now() - 1_000) },
        $inc: { version: 1 },
      },
    );
    gateway.onRefund = async () => {
      throw new Error('processor down');
    };
    const now = Date.now();
    expect(await reconciler.reconcileOnce(now)).toEqual(new Map([[order.id, 'pending']]));
    expect(await chargeOf(order.id)).toMatchObject({
      status: 'refund_due',
      reconcileAt: new Date(now + 1_000),
    });
    gateway.onRefund = async (request) => ({ refundId: `re_${request.idempotencyKey}` });
    expect(await reconciler.reconcileOnce(now + 1_000)).toEqual(new Map([[order.id, 'refunded']]));
    expect(await chargeOf(order.id)).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_refund-${order.id}`,
      reconcileAt: null,
    });
    expect(gateway.refunds.map((r) => r.idempotencyKey)).toEqual([
      `refund-${order.id}`,
      `refund-${order.id}`,
    ]);
  });
});
