import request from 'supertest';
import { harness, listTicket, type Harness } from '../test/harness';
import { objectId, orderCompleted, orderCreated } from '../test/order-events';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

describe('GET /api/tickets/:id', () => {
  it('when the ticket exists, then 200 with it, signed in or not', async () => {
    const ticket = await listTicket(h);
    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toEqual({ ...ticket, orderId: null, sold: false, createdAt: expect.any(String) });
    for (const key of ['_id', '__v', 'pendingEvents', 'orders']) expect(res.body).not.toHaveProperty(key);
  });

  it('when the id is unknown, then 404 in the common error shape', async () => {
    const res = await request(h.app).get(`/api/tickets/${objectId()}`).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the id is malformed, then 404 too', async () => {
    const res = await request(h.app).get('/api/tickets/not-an-id').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the ticket is reserved, then it is still shown with the order holding it', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toMatchObject({ orderId, sold: false, version: 1 });
  });

  it('when the ticket is sold, then it is still shown, sold, with the order that bought it', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id));
    const res = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toMatchObject({ orderId, sold: true, version: 2 });
  });
});
