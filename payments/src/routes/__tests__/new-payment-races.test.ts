import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { PENDING_MESSAGE, REFUNDED_MESSAGE, REFUNDING_MESSAGE } from '../../charges/charge-response';
import { ChargeReconciler } from '../../charges/reconcile-charges';
import { Charge } from '../../models/charge';
import { givenOrder, orderCancelled, startService } from '../../test/harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /api/payments under concurrency and failure', () => {
  it('when 5 payments for one order arrive at once, then the card is charged once: one 201, four 400', async () => {
    const order = await givenOrder();
    const { app, gateway, bus, relay } = await startService();
    const slowSuccess = gateway.onCharge;
    gateway.onCharge = async (req) => {
      await sleep(100);
      return slowSuccess(req);
    };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(app)
          .post('/api/payments')
          .set('Cookie', sessionCookieFor(order.buyer))
          .send({ orderId: order.id, token: 'pm_card_visa' }),
      ),
    );
    expect(gateway.charges).toHaveLength(1);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
    for (const refused of responses.filter((r) => r.status === 400)) {
      expect(['Payment already in progress', 'Order already paid']).toContain(refused.body.errors[0].message);
    }
    expect(await Charge.countDocuments({ orderId: order.id })).toBe(1);
    await relay.flush();
    expect(bus.publishedData('payment:created')).toHaveLength(1);
  });

  it('when the order is cancelled while the card is being charged, then the same write records refund due, the refund is asked at once and the buyer is told it was refunded', async () => {
    const order = await givenOrder({ version: 1 });
    const { app, gateway, bus, relay } = await startService();
    const succeed = gateway.onCharge;
    gateway.onCharge = async (req) => {
      // The cancel reaches payments while the processor is still working on the card.
      expect(await bus.deliver('order:cancelled', orderCancelled(order, 2))).toBe('ack');
      return succeed(req);
    };
    const response = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: REFUNDED_MESSAGE }] });
    expect(gateway.refunds).toEqual([
      { paymentIntentId: `pi_test_${order.id}`, idempotencyKey: `refund-${order.id}` },
    ]);
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'refunded',
      stripeId: `pi_test_${order.id}`,
      stripeRefundId: `re_test_refund-${order.id}`,
      reconcileAt: null,
      pendingEvents: [],
    });
    await relay.flush();
    expect(bus.published).toEqual([]);
  });

  it('when the processor cannot be reached, then 202 "we are confirming your payment" and the charge stays created', async () => {
    const order = await givenOrder();
    const { app, gateway, bus, relay } = await startService();
    gateway.onCharge = async () => {
      throw new Error('connect ECONNREFUSED api.stripe.com for pm_card_visa with sk_test_secret');
    };
    const response = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      id: expect.any(String),
      orderId: order.id,
      status: 'pending',
      message: PENDING_MESSAGE,
    });
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|sk_test|pm_card|stack/);
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'created',
      pendingEvents: [],
    });
    await relay.flush();
    expect(bus.published).toEqual([]);

    const retry = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(retry.status).toBe(400);
    expect(retry.body).toEqual({ errors: [{ message: 'Payment already in progress' }] });
    expect(gateway.charges).toHaveLength(1);
  });

  it('when the order is cancelled during the charge and the refund fails, then refund due is recorded, nothing is announced, the buyer is told, and the reconciler refunds later', async () => {
    const order = await givenOrder({ version: 1 });
    const { app, gateway, bus, relay } = await startService();
    const succeed = gateway.onCharge;
    gateway.onCharge = async (req) => {
      await bus.deliver('order:cancelled', orderCancelled(order, 2));
      return succeed(req);
    };
    gateway.onRefund = async () => {
      throw new Error('processor down');
    };
    const response = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: REFUNDING_MESSAGE }] });
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'refund_due',
      stripeId: `pi_test_${order.id}`,
      reconcileAt: expect.any(Date),
    });
    await relay.flush();
    expect(bus.published).toEqual([]);

    gateway.onRefund = async (req) => ({ refundId: `re_${req.idempotencyKey}` });
    const reconciled = await new ChargeReconciler(gateway, { intervalMs: 1_000 }).reconcileOnce();
    expect(reconciled).toEqual(new Map([[order.id, 'refunded']]));
    expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
      status: 'refunded',
      stripeRefundId: `re_refund-${order.id}`,
    });
  });
});
