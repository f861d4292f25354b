import { Charge } from '../../../models/charge';
import { Order } from '../../../models/order';
import { ChargeReconciler } from '../../../charges/reconcile-charges';
import { orderCancelled, orderCreated, startService } from '../../../test/harness';

async function paidOrder(chargeFields: Record<string, unknown> = {}) {
  const service = await startService();
  const created = orderCreated({ version: 0 });
  await service.bus.deliver('order:created', created);
  await Charge.create({
    orderId: created.id,
    status: 'completed',
    amount: created.ticket.price,
    stripeId: 'pi_paid',
    ...chargeFields,
  });
  return { ...service, created };
}

const chargeOf = (orderId: string) => Charge.findOne({ orderId }).lean();

describe('order:cancelled for an order that was paid: refund due, then refunded', () => {
  it('when a completed charge exists, then it is refunded once and recorded refunded, even if the cancel is delivered twice', async () => {
    const { bus, gateway, created } = await paidOrder();
    const cancel = orderCancelled(created, 1);
    await expect(bus.deliver('order:cancelled', cancel)).resolves.toBe('ack');
    await expect(bus.deliver('order:cancelled', cancel, 2)).resolves.toBe('ack');
    expect(gateway.refunds).toEqual([{ paymentIntentId: 'pi_paid', idempotencyKey: `refund-${created.id}` }]);
    expect(await chargeOf(created.id)).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_test_refund-${created.id}`,
      reconcileAt: null,
    });
    expect(bus.published).toEqual([]);
  });

  it('when the same cancel is delivered twice at once, then the card is refunded once: one idempotency key, one refund recorded', async () => {
    const { bus, gateway, created } = await paidOrder();
    const cancel = orderCancelled(created, 1);
    await Promise.all([bus.deliver('order:cancelled', cancel), bus.deliver('order:cancelled', cancel)]);
    // Both handlers may ask (nothing is locked across the processor call); the processor makes one refund per key.
    expect(new Set(gateway.refunds.map((r) => r.idempotencyKey))).toEqual(new Set([`refund-${created.id}`]));
    expect(await chargeOf(created.id)).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_test_refund-${created.id}`,
      // One write for refund due, one for refunded.
      version: 2,
    });
  });

  it('when the charge was already refunded, then nothing is refunded again', async () => {
    const { bus, gateway, created } = await paidOrder({ status: 'refunded', stripeRefundId: 're_earlier' });
    await bus.deliver('order:cancelled', orderCancelled(created, 1));
    expect(gateway.refunds).toEqual([]);
    expect((await chargeOf(created.id))?.stripeRefundId).toBe('re_earlier');
  });

  it.each(['failed', 'created'])('when the charge is %s, then nothing is refunded', async (status) => {
    const { bus, gateway, created } = await paidOrder({ status, stripeId: undefined });
    await expect(bus.deliver('order:cancelled', orderCancelled(created, 1))).resolves.toBe('ack');
    expect(gateway.refunds).toEqual([]);
    expect((await chargeOf(created.id))?.status).toBe(status);
    expect((await Order.findById(created.id).lean())?.status).toBe('cancelled');
  });

  it('when the order has no charge, then the cancel only updates the replica', async () => {
    const { bus, gateway } = await startService();
    const created = orderCreated();
    await bus.deliver('order:created', created);
    await expect(bus.deliver('order:cancelled', orderCancelled(created, 1))).resolves.toBe('ack');
    expect(gateway.refunds).toEqual([]);
    expect((await Order.findById(created.id).lean())?.status).toBe('cancelled');
  });

  it('when the replica says the order is completed (the cancel is stale), then nothing is refunded', async () => {
    const { bus, gateway, created } = await paidOrder();
    await bus.deliver('order:completed', {
      id: created.id,
      version: 2,
      userId: created.userId,
      ticket: { id: created.ticket.id },
      holdSequence: 1,
    });
    await expect(bus.deliver('order:cancelled', orderCancelled(created, 1))).resolves.toBe('ack');
    expect(gateway.refunds).toEqual([]);
    expect((await chargeOf(created.id))?.status).toBe('completed');
  });

  it('when the refund fails, then refund due is recorded before the ack, and the reconciler refunds it later with the same key', async () => {
    const { bus, gateway, created } = await paidOrder();
    gateway.onRefund = async () => {
      throw new Error('processor down');
    };
    await expect(bus.deliver('order:cancelled', orderCancelled(created, 1))).resolves.toBe('ack');
    expect(await chargeOf(created.id)).toMatchObject({ status: 'refund_due', reconcileAt: expect.any(Date) });
    expect((await chargeOf(created.id))?.stripeRefundId).toBeUndefined();

    gateway.onRefund = async (request) => ({ refundId: `re_${request.idempotencyKey}` });
    const reconciled = await new ChargeReconciler(gateway, { intervalMs: 1_000 }).reconcileOnce();
    expect(reconciled).toEqual(new Map([[created.id, 'refunded']]));
    expect(await chargeOf(created.id)).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_refund-${created.id}`,
    });
    expect(new Set(gateway.refunds.map((r) => r.idempotencyKey))).toEqual(new Set([`refund-${created.id}`]));
  });
});
