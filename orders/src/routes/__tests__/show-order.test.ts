import request from 'supertest';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';
import { givenTicket, newId, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

describe('GET /api/orders/:id', () => {
  it('when the owner asks, then 200 with the order and its ticket', async () => {
    const buyer = sessionCookieFor();
    const ticket = await givenTicket({ title: 'Match', price: 5050 });
    const created = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', buyer)
      .send({ ticketId: ticket.id });
    const res = await request(svc.app).get(`/api/orders/${created.body.id}`).set('Cookie', buyer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.body.ticket).toEqual({ id: ticket.id, title: 'Match', price: 50.5 });
  });

  it('when another user asks, then 403', async () => {
    const ticket = await givenTicket();
    const created = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', sessionCookieFor())
      .send({ ticketId: ticket.id });
    const res = await request(svc.app)
      .get(`/api/orders/${created.body.id}`)
      .set('Cookie', sessionCookieFor(fakeUser()));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Not allowed' }] });
  });

  it('when the order is unknown, then 404', async () => {
    const res = await request(svc.app).get(`/api/orders/${newId()}`).set('Cookie', sessionCookieFor());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it('when the id is malformed, then 404', async () => {
    const res = await request(svc.app).get('/api/orders/nope').set('Cookie', sessionCookieFor());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it('when not signed in, then 401', async () => {
    const res = await request(svc.app).get(`/api/orders/${newId()}`);
    expect(res.status).toBe(401);
  });
});
