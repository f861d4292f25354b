import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { Order } from '../models/order';
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
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:completed@2']);
  });

  it('when the payment arrives after the order lapsed, then it stays cancelled with one cancellation event', async () => {
    const { ticket, orderId } = await placeOrder();
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });
    await svc.bus.deliver('expiration:complete', { orderId });
    await svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: 'pi_1' });

    expect(await Order.findById(orderId).lean()).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:cancelled@2']);
  });

  it('when the reservation confirmation arrives after payment, then the order stays completed', async () => {
    const { ticket, orderId } = await placeOrder();
    await svc.bus.deliver('payment:created', { id: newId(), orderId, stripeId: 'pi_1' });
    await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId });

    expect(await Order.findById(orderId).lean()).toMatchObject({ status: 'completed', version: 1 });
    expect(await publishedVersions()).toEqual(['order:created@0', 'order:completed@1']);
  });
});
