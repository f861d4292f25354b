import request from 'supertest';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';
import { Order } from '../../models/order';
import { givenTicket, newId, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

async function placeOrder(cookie: string, ticketId?: string) {
  const id = ticketId ?? (await givenTicket()).id;
  const res = await request(svc.app).post('/api/orders').set('Cookie', cookie).send({ ticketId: id });
  expect(res.status).toBe(201);
  return res.body as { id: string; userId: string; ticket: { id: string } };
}

const cancel = (orderId: string, cookie: string) =>
  request(svc.app).delete(`/api/orders/${orderId}`).set('Cookie', cookie);

describe('DELETE /api/orders/:id', () => {
  it('when the owner cancels, then 204, the order is cancelled, the ticket released and order:cancelled published', async () => {
    const me = sessionCookieFor();
    const order = await placeOrder(me);
    const res = await cancel(order.id, me);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    const stored = await Order.findById(order.id).lean();
    expect(stored).toMatchObject({ status: 'cancelled', version: 1, lockKey: `released:${order.id}` });
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toEqual([
      {
        id: order.id,
        version: 1,
        userId: order.userId,
        ticket: { id: order.ticket.id },
        holdSequence: 1,
      },
    ]);
    const shown = await request(svc.app).get(`/api/orders/${order.id}`).set('Cookie', me);
    expect(shown.body).toMatchObject({ status: 'cancelled', version: 1 });
  });

  it('when the order is already cancelled, then 204 again with no second event', async () => {
    const me = sessionCookieFor();
    const order = await placeOrder(me);
    await cancel(order.id, me).expect(204);
    await cancel(order.id, me).expect(204);
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(1);
    expect((await Order.findById(order.id).lean())?.version).toBe(1);
  });

  it('when the owner cancels 10 times at once, then one cancellation and one event', async () => {
    const me = sessionCookieFor();
    const order = await placeOrder(me);
    const results = await Promise.all(Array.from({ length: 10 }, () => cancel(order.id, me)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(204));
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(1);
    expect((await Order.findById(order.id).lean())?.version).toBe(1);
  });

  it('when the order is completed, then 400 and it stays completed', async () => {
    const me = sessionCookieFor();
    const order = await placeOrder(me);
    await svc.bus.deliver('payment:created', { id: newId(), orderId: order.id, stripeId: 'pi_1' });
    const res = await cancel(order.id, me);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot cancel a completed order' }] });
    expect((await Order.findById(order.id).lean())?.status).toBe('completed');
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(0);
  });

  it('when another user cancels, then 403 and the order is untouched', async () => {
    const order = await placeOrder(sessionCookieFor());
    const res = await cancel(order.id, sessionCookieFor(fakeUser()));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Not allowed' }] });
    expect((await Order.findById(order.id).lean())?.status).toBe('created');
  });

  it('when the order is unknown or the id malformed, then 404', async () => {
    const me = sessionCookieFor();
    for (const id of [newId(), 'nope']) {
      const res = await cancel(id, me);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
    }
  });

  it('when not signed in, then 401', async () => {
    expect((await request(svc.app).delete(`/api/orders/${newId()}`)).status).toBe(401);
  });

  it('when a cancelled order is cancelled again after another buyer took the ticket, then that buyer keeps it', async () => {
    const first = sessionCookieFor();
    const ticket = await givenTicket();
    const old = await placeOrder(first, ticket.id);
    await cancel(old.id, first).expect(204);
    const current = await placeOrder(sessionCookieFor(), ticket.id);

    await cancel(old.id, first).expect(204);
    expect(await svc.bus.deliver('expiration:complete', { orderId: old.id })).toBe('ack');
    expect(await svc.bus.deliver('payment:failed', { orderId: old.id, reason: 'declined' })).toBe('ack');

    expect(await Order.findById(current.id).lean()).toMatchObject({ status: 'created', lockKey: ticket.id });
    const third = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', sessionCookieFor())
      .send({ ticketId: ticket.id });
    expect(third.status).toBe(400);
    expect(third.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });
});
