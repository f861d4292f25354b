import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { Order } from '../models/order';
import { Sweeper } from '../sweeper';
import { givenTicket, newId, startService, type TestService } from '../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

async function placeOrder() {
  const ticket = await givenTicket();
  const res = await request(svc.app)
    .post('/api/orders')
    .set('Cookie', sessionCookieFor())
    .send({ ticketId: ticket.id });
  expect(res.status).toBe(201);
  return { ticket, orderId: res.body.id as string };
}

/** Every event the service published, as subject@version, oldest first. */
async function publishedVersions(): Promise<string[]> {
  await svc.relay.flush();
  return svc.bus.published.map((e) => `${e.subject}@${(e.data as { version: number }).version}`);
}

describe('the order lifecycle through events', () => {
  it('when the ticket is reserved and paid, then created -> awaiting_payment -> completed, and late lapses change nothing', async () => {
    const { ticket, orderId } = await placeOrder();
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });
    await svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: 'pi_1' });
    await svc.bus.deliver('expiration:complete', { orderId });
    await svc.bus.deliver('payment:failed', { orderId, reason: 'late' });

    expect(await Order.findById(orderId).lean()).toMatchObject({
      status: 'completed',
      version: 2,
      lockKey: ticket.id,
    });
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:confirmed@1', 'order:completed@2']);
  });

  it('when tickets reserved the ticket at a price the copy had not caught up with, then the order awaits payment at that price', async () => {
    const { ticket, orderId } = await placeOrder();
    // The seller's edit to 100.00 reached tickets before the order; this service's copy still says 20.00.
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 2, price: 10_000, orderId });

    expect(await Order.findById(orderId).lean()).toMatchObject({
      status: 'awaiting_payment',
      ticket: { id: ticket.id, price: 10_000 },
    });
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:confirmed')).toEqual([
      {
        id: orderId,
        version: 1,
        status: 'awaiting_payment',
        userId: expect.any(String),
        expiresAt: expect.any(String),
        price: 10_000,
      },
    ]);
    const shown = await request(svc.app)
      .get(`/api/orders/${orderId}`)
      .set(
        'Cookie',
        sessionCookieFor({ id: svc.bus.publishedData('order:confirmed')[0]!.userId, email: 'b@example.com' }),
      );
    expect(shown.body.ticket.price).toBe(100);
  });

  it('when the payment arrives after the order lapsed, then it stays cancelled with one cancellation event', async () => {
    const { ticket, orderId } = await placeOrder();
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });
    // The sweeper, once the window has passed.
    await new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce(new Date(Date.now() + 3_600_000));
    await svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: 'pi_1' });

    expect(await Order.findById(orderId).lean()).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:confirmed@1', 'order:cancelled@2']);
  });

  it('when the reservation confirmation arrives after payment, then the order stays completed', async () => {
    const { ticket, orderId } = await placeOrder();
    await svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: 'pi_1' });
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });

    expect(await Order.findById(orderId).lean()).toMatchObject({ status: 'completed', version: 1 });
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:completed@1']);
  });

  it('when the buyer, the lapse, the sweeper, a payment and a decline race one order, then it ends in one state with one end event', async () => {
    const ends: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const { ticket, orderId } = await placeOrder();
      await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });
      const buyer = (await Order.findById(orderId).lean())!.userId;
      await Promise.all([
        request(svc.app)
          .delete(`/api/orders/${orderId}`)
          .set('Cookie', sessionCookieFor({ id: buyer, email: 'buyer@example.com' })),
        svc.bus.deliver('expiration:complete', { orderId }),
        svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: `pi_${round}` }),
        svc.bus.deliver('payment:failed', { orderId, reason: 'declined' }),
        svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: `pi_${round}` }),
        svc.bus.deliver('expiration:complete', { orderId }),
        // The sweeper, as if the window had passed.
        new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 }).sweepOnce(new Date(Date.now() + 3_600_000)),
      ]);
      const order = (await Order.findById(orderId).lean())!;
      await svc.relay.flush();
      const events = svc.bus.published.filter(
        (e) =>
          e.subject !== 'order:created' &&
          e.subject !== 'order:confirmed' &&
          (e.data as { id: string }).id === orderId,
      );
      // Exactly one end, matching the stored state, at the version the order ended at.
      expect(events.map((e) => e.subject)).toEqual([`order:${order.status}`]);
      expect((events[0]!.data as { version: number }).version).toBe(order.version);
      expect(order.version).toBe(2);
      expect(order.lockKey).toBe(order.status === 'cancelled' ? `released:${orderId}` : ticket.id);
      ends.push(order.status);
    }
    expect(ends.every((status) => status === 'cancelled' || status === 'completed')).toBe(true);
  });
});
