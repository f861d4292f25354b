import request from 'supertest';
import { ChargeStatus } from '@ticketing/common';
import { fakeUser, sessionCookieFor, type FakeBus } from '@ticketing/common/testing';
import { Charge } from '../../models/charge';
import { Order } from '../../models/order';
import { UNCONFIRMED_MESSAGE } from '../new-payment';
import { TOO_LATE_MESSAGE } from '../../charges/check-payable';
import { givenOrder, newId, orderConfirmed, orderCreated, startService } from '../../test/harness';

async function pay(body: object, user = fakeUser()) {
  const { app, gateway, bus } = await startService();
  const response = await request(app).post('/api/payments').set('Cookie', sessionCookieFor(user)).send(body);
  return { response, gateway, bus };
}

describe('POST /api/payments: who may pay what', () => {
  it('when not signed in, then 401 and no charge', async () => {
    const order = await givenOrder();
    const { app } = await startService();
    const response = await request(app)
      .post('/api/payments')
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await Charge.countDocuments()).toBe(0);
  });

  it('when orderId is malformed, then 400 naming the field', async () => {
    const { response } = await pay({ orderId: 'nope', token: 'pm_card_visa' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'orderId must be a valid id', field: 'orderId' }] });
  });

  it('when the token is missing or empty, then 400 naming the field', async () => {
    const order = await givenOrder();
    for (const body of [
      { orderId: order.id },
      { orderId: order.id, token: '' },
      { orderId: order.id, token: 7 },
    ]) {
      const { response } = await pay(body, order.buyer);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: 'token is required', field: 'token' }] });
    }
  });

  it('when the token is not a payment method id, then 400 naming the field', async () => {
    const order = await givenOrder();
    const { response } = await pay({ orderId: order.id, token: '4242 4242 4242 4242' }, order.buyer);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [{ message: 'token must be a payment method id', field: 'token' }],
    });
  });

  it('when both fields are bad, then 400 with one error per field', async () => {
    const { response } = await pay({});
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { message: 'orderId must be a valid id', field: 'orderId' },
      { message: 'token is required', field: 'token' },
    ]);
  });

  it('when the order is unknown, then 404', async () => {
    const { response, gateway } = await pay({ orderId: newId(), token: 'pm_card_visa' });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: [{ message: 'Order not found' }] });
    expect(gateway.charges).toHaveLength(0);
  });

  /**
   * A buyer pays for an order this service has not heard of; 150 ms later `arrive` makes the order known (by its
   * event, or written by another replica). Expects the payment to go through for that order.
   */
  async function expectPaidOnceTheOrderArrives(
    options: Parameters<typeof startService>[0],
    arrive: (context: { bus: FakeBus; buyerId: string; orderId: string }) => Promise<unknown>,
  ) {
    const buyer = fakeUser();
    const { app, bus } = await startService(options);
    const orderId = newId();
    const paying = request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(buyer))
      .send({ orderId, token: 'pm_card_visa' })
      .then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await arrive({ bus, buyerId: buyer.id, orderId });
    const response = await paying;
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ orderId, status: 'completed' });
  }

  const orderEvent = async ({
    bus,
    buyerId,
    orderId,
  }: {
    bus: FakeBus;
    buyerId: string;
    orderId: string;
  }) => {
    const created = orderCreated({ id: orderId, userId: buyerId });
    await bus.deliver('order:created', created);
    await bus.deliver('order:confirmed', orderConfirmed(created));
  };

  it('when the order event arrives just after the buyer pays, then the payment waits for it and succeeds', async () => {
    await expectPaidOnceTheOrderArrives({}, orderEvent);
  });

  it('when the order event is applied here while the payment waits, then the payment goes on at once', async () => {
    // Neither the wait nor the re-read interval can end within the test's time: only the wake-up can answer.
    await expectPaidOnceTheOrderArrives({ orderLagMs: 60_000, orderRecheckMs: 60_000 }, orderEvent);
  });

  it('when another replica of the service applies the order event, then the waiting payment finds it on a re-read', async () => {
    // Written to the replica, but no event applied in this process: only the re-read finds it.
    await expectPaidOnceTheOrderArrives({ orderLagMs: 60_000, orderRecheckMs: 50 }, ({ buyerId, orderId }) =>
      givenOrder({ id: orderId, userId: buyerId }),
    );
  });

  it('when the order stays unconfirmed, then the waiting payment re-reads it with growing pauses, then answers 503', async () => {
    const buyer = fakeUser();
    const { app } = await startService({ orderLagMs: 1_600, orderRecheckMs: 50 });
    const order = await givenOrder({ userId: buyer.id, status: 'created' });
    const findById = jest.spyOn(Order, 'findById');
    try {
      const response = await request(app)
        .post('/api/payments')
        .set('Cookie', sessionCookieFor(buyer))
        .send({ orderId: order.id, token: 'pm_card_visa' });
      expect(response.status).toBe(503);
      // Pauses of 50, 100, 200, 400, 800 ms fill the 1.6 s: six reads (one every 50 ms would be 32).
      expect(findById.mock.calls.length).toBeLessThanOrEqual(7);
    } finally {
      findById.mockRestore();
    }
  });

  it('when the caller is not the buyer, then 403 and nothing is charged', async () => {
    const order = await givenOrder();
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, fakeUser());
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: [{ message: 'Not allowed' }] });
    expect(gateway.charges).toHaveLength(0);
    expect(await Charge.countDocuments()).toBe(0);
  });

  it('when the orderId is given in upper case, then it names the same order', async () => {
    const order = await givenOrder();
    const { response } = await pay({ orderId: order.id.toUpperCase(), token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(201);
    expect(response.body.orderId).toBe(order.id);
  });
});

describe('POST /api/payments: orders that cannot be paid', () => {
  it.each([
    ['cancelled', 'Order cancelled'],
    ['completed', 'Order already paid'],
  ] as const)('when the order is %s, then 400 "%s" and nothing is charged', async (status, message) => {
    const order = await givenOrder({ status });
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message }] });
    expect(gateway.charges).toHaveLength(0);
    expect(await Charge.countDocuments()).toBe(0);
  });

  it('when the order expired but no cancel arrived yet, then 400 "Order expired"', async () => {
    const order = await givenOrder({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'Order expired' }] });
    expect(gateway.charges).toHaveLength(0);
  });

  it('when the order is not confirmed yet and its confirmation does not come in time, then 503 with Retry-After and nothing is charged', async () => {
    const order = await givenOrder({ status: 'created' });
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).toEqual({ errors: [{ message: UNCONFIRMED_MESSAGE }] });
    expect(gateway.charges).toHaveLength(0);
    expect(await Charge.countDocuments()).toBe(0);
  });

  it('when less than the payment margin is left before the order lapses, then 400 "too late" and nothing is charged', async () => {
    const order = await givenOrder({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: TOO_LATE_MESSAGE }] });
    expect(gateway.charges).toHaveLength(0);
    expect(await Charge.countDocuments()).toBe(0);
  });

  it('when a shorter margin is configured and that much is left, then the order is charged', async () => {
    const order = await givenOrder({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const { app, gateway } = await startService({ paymentMarginMs: 30_000 });
    const response = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(order.buyer))
      .send({ orderId: order.id, token: 'pm_card_visa' });
    expect(response.status).toBe(201);
    expect(gateway.charges).toHaveLength(1);
  });

  it.each([
    [ChargeStatus.Completed, 'Order already paid'],
    [ChargeStatus.Created, 'Payment already in progress'],
    [ChargeStatus.Failed, 'Order cancelled'],
  ] as const)(
    'when the order already has a %s charge, then 400 "%s" and the card is not charged',
    async (status, message) => {
      const order = await givenOrder();
      await Charge.create({ orderId: order.id, status, amount: order.ticket.price, stripeId: 'pi_earlier' });
      const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message }] });
      expect(gateway.charges).toHaveLength(0);
      expect(await Charge.countDocuments()).toBe(1);
    },
  );
});

describe('POST /api/payments: the price is the one tickets confirmed', () => {
  it('when the seller edited the price just before the order (created at 1000 cents, confirmed at 10000), then the card is charged 10000', async () => {
    const buyer = fakeUser();
    const { app, bus, gateway } = await startService();
    const created = orderCreated({ userId: buyer.id, ticket: { id: newId(), price: 1000 } });
    await bus.deliver('order:created', created);
    await bus.deliver('order:confirmed', orderConfirmed(created, { price: 10_000 }));
    const response = await request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(buyer))
      .send({ orderId: created.id, token: 'pm_card_visa' });
    expect(response.status).toBe(201);
    expect(gateway.charges.map((charge) => charge.amountCents)).toEqual([10_000]);
    expect((await Charge.findOne({ orderId: created.id }).lean())?.amount).toBe(10_000);
  });

  it('when the buyer pays before the confirmation arrives, then the payment waits for it and charges the confirmed price', async () => {
    const buyer = fakeUser();
    // Only the wake-up by the applied confirmation can answer within the test's time.
    const { app, bus, gateway } = await startService({ orderLagMs: 60_000, orderRecheckMs: 60_000 });
    const created = orderCreated({ userId: buyer.id, ticket: { id: newId(), price: 1000 } });
    await bus.deliver('order:created', created);
    const paying = request(app)
      .post('/api/payments')
      .set('Cookie', sessionCookieFor(buyer))
      .send({ orderId: created.id, token: 'pm_card_visa' })
      .then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(gateway.charges).toHaveLength(0);
    await bus.deliver('order:confirmed', orderConfirmed(created, { price: 10_000 }));
    expect((await paying).status).toBe(201);
    expect(gateway.charges.map((charge) => charge.amountCents)).toEqual([10_000]);
  });
});

describe('POST /api/payments: what the processor is asked', () => {
  it('when paying, then the card is charged the order price in cents with a per-order idempotency key', async () => {
    const order = await givenOrder({ ticket: { id: newId(), price: 1999 } });
    const { response, gateway } = await pay({ orderId: order.id, token: 'pm_card_visa' }, order.buyer);
    expect(response.status).toBe(201);
    expect(gateway.charges).toEqual([
      {
        amountCents: 1999,
        paymentMethodId: 'pm_card_visa',
        idempotencyKey: `charge-${order.id}`,
        orderId: order.id,
      },
    ]);
    const charge = await Charge.findOne({ orderId: order.id }).lean();
    expect(charge).toMatchObject({ amount: 1999, status: 'completed', stripeId: `pi_test_${order.id}` });
    expect(response.body).toEqual({
      id: charge?._id.toHexString(),
      orderId: order.id,
      status: 'completed',
      stripeId: `pi_test_${order.id}`,
    });
    expect(await Order.countDocuments()).toBe(1);
  });
});
