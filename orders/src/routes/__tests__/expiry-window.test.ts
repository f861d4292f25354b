import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { Sweeper } from '../../sweeper';
import { givenTicket, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService({ expirationWindowSeconds: 1 });
});
afterEach(() => svc.relay.flush());

describe('an order left unpaid past a 1-second window', () => {
  it('when the sweeper runs after the window, then the order is cancelled and the ticket is for sale again', async () => {
    const buyer = sessionCookieFor();
    const ticket = await givenTicket();
    const order = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', buyer)
      .send({ ticketId: ticket.id });
    expect(order.status).toBe(201);
    const sweeper = new Sweeper({ intervalMs: 1_000, lapseGraceMs: 0 });
    expect(await sweeper.sweepOnce()).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await sweeper.sweepOnce()).toBe(1);
    const shown = await request(svc.app).get(`/api/orders/${order.body.id}`).set('Cookie', buyer);
    expect(shown.body).toMatchObject({ status: 'cancelled', version: 1 });
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled')).toHaveLength(1);

    const next = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', sessionCookieFor())
      .send({ ticketId: ticket.id });
    expect(next.status).toBe(201);
  });
});
