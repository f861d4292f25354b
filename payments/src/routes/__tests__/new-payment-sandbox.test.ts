import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { Charge } from '../../models/charge';
import { SandboxGateway } from '../../gateway/sandbox-gateway';
import { givenOrder, newId, startService } from '../../test/harness';

async function payWith(token: string, price = 2599) {
  const order = await givenOrder({ ticket: { id: newId(), price } });
  const service = await startService({ gateway: new SandboxGateway() });
  const response = await request(service.app)
    .post('/api/payments')
    .set('Cookie', sessionCookieFor(order.buyer))
    .send({ orderId: order.id, token });
  await service.relay.flush();
  return { order, response, bus: service.bus, app: service.app };
}

describe('POST /api/payments with the sandbox gateway', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex'])(
    'when paying with %s, then 201, the charge is stored completed and payment:created is published',
    async (token) => {
      const { order, response, bus } = await payWith(token);
      expect(response.status).toBe(201);
      const charge = await Charge.findOne({ orderId: order.id }).lean();
      expect(charge).toMatchObject({ status: 'completed', amount: 2599, pendingEvents: [] });
      expect(charge?.stripeId).toMatch(/^pi_sandbox_[0-9a-f]{24}$/);
      expect(response.body).toEqual({
        id: charge?._id.toHexString(),
        orderId: order.id,
        status: 'completed',
        stripeId: charge?.stripeId,
      });
      expect(bus.publishedData('payment:created')).toEqual([
        { id: charge?._id.toHexString(), orderId: order.id, stripeId: charge?.stripeId },
      ]);
      expect(bus.publishedData('payment:failed')).toEqual([]);
    },
  );

  it.each([
    ['pm_card_chargeDeclined', 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'Your card has insufficient funds.'],
    ['pm_card_chargeDeclinedExpiredCard', 'Your card has expired.'],
    ['pm_card_chargeDeclinedIncorrectCvc', "Your card's security code is incorrect."],
    [
      'pm_card_chargeDeclinedProcessingError',
      'An error occurred while processing your card. Try again in a little bit.',
    ],
  ])(
    'when paying with %s, then 402 "%s", the charge failed and payment:failed is published',
    async (token, message) => {
      const { order, response, bus } = await payWith(token);
      expect(response.status).toBe(402);
      expect(response.body).toEqual({ errors: [{ message }] });
      expect(await Charge.findOne({ orderId: order.id }).lean()).toMatchObject({
        status: 'failed',
        failureReason: message,
        pendingEvents: [],
      });
      expect(bus.publishedData('payment:failed')).toEqual([{ orderId: order.id, reason: message }]);
      expect(bus.publishedData('payment:created')).toEqual([]);
    },
  );

  it('when paying with an id that is no Stripe test card, then 402 saying which cards the sandbox takes', async () => {
    const { response, bus } = await payWith('pm_1Q2w3E4r5T6y7U8i');
    expect(response.status).toBe(402);
    expect(response.body.errors[0].message).toMatch(/sandbox mode accepts only Stripe test payment methods/);
    expect(bus.publishedData('payment:failed')).toHaveLength(1);
  });

  it('when the order costs less than Stripe can charge, then 402 as Stripe would refuse it', async () => {
    const { response } = await payWith('pm_card_visa', 49);
    expect(response.status).toBe(402);
    expect(response.body).toEqual({ errors: [{ message: 'Amount must be at least $0.50 usd' }] });
  });

  it('when a declined buyer tries again with a good card, then 400 "Order cancelled" (a decline ends the order)', async () => {
    const { order, response, app } = await payWith('pm_card_chargeDeclined');
    expect(response.status).toBe(402);
    const retry = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(retry.status).toBe(400);
    expect(retry.body).toEqual({ errors: [{ message: 'Order cancelled' }] });
  });

  it('when a paid order is paid again, then 400 "Order already paid" and only one event was published', async () => {
    const { order, response, app, bus } = await payWith('pm_card_visa');
    expect(response.status).toBe(201);
    const again = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ errors: [{ message: 'Order already paid' }] });
    expect(bus.publishedData('payment:created')).toHaveLength(1);
  });
});
