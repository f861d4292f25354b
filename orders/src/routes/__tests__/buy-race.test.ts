import request from 'supertest';
import { sessionCookieFor } from '@ticketing/common/testing';
import { OrderStatus } from '@ticketing/common';
import { Order } from '../../models/order';
import { givenTicket, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

const buy = (ticketId: string, cookie = sessionCookieFor()) =>
  request(svc.app).post('/api/orders').set('Cookie', cookie).send({ ticketId });

describe('buying one ticket at once', () => {
  it('when 50 different users buy one ticket at the same moment, then exactly one gets it', async () => {
    const ticket = await givenTicket();
    const responses = await Promise.all(Array.from({ length: 50 }, () => buy(ticket.id)));
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(49);
    for (const res of responses.filter((r) => r.status === 400)) {
      expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    }
    expect(await Order.countDocuments({ 'ticket.id': ticket.id })).toBe(1);
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:created')).toHaveLength(1);
  });

  it('when the holder cancels while 20 others buy at once, then the ticket ends held by at most one live order', async () => {
    const holder = sessionCookieFor();
    const ticket = await givenTicket();
    const first = await buy(ticket.id, holder);
    const [cancel, ...buys] = await Promise.all([
      request(svc.app).delete(`/api/orders/${first.body.id}`).set('Cookie', holder),
      ...Array.from({ length: 20 }, () => buy(ticket.id)),
    ]);
    expect(cancel?.status).toBe(204);
    expect(buys.filter((res) => res.status === 201).length).toBeLessThanOrEqual(1);
    const live = await Order.countDocuments({
      'ticket.id': ticket.id,
      status: { $in: [OrderStatus.Created, OrderStatus.AwaitingPayment] },
    });
    expect(live).toBe(buys.filter((res) => res.status === 201).length);
    // Whoever did not win was told the ticket is held, never anything else.
    for (const res of buys.filter((r) => r.status !== 201)) expect(res.status).toBe(400);
  });

  it('when buyers race and cancel one ticket over and over, then every hold of it has its own, increasing sequence', async () => {
    const ticket = await givenTicket();
    for (let round = 0; round < 5; round += 1) {
      const cookies = Array.from({ length: 6 }, () => sessionCookieFor());
      const buys = await Promise.all(cookies.map((cookie) => buy(ticket.id, cookie)));
      const winner = buys.findIndex((res) => res.status === 201);
      expect(winner).toBeGreaterThanOrEqual(0);
      await request(svc.app)
        .delete(`/api/orders/${buys[winner]!.body.id}`)
        .set('Cookie', cookies[winner]!)
        .expect(204);
    }
    const holds = (await Order.find({ 'ticket.id': ticket.id }).sort({ createdAt: 1 }).lean()).map(
      (order) => order.holdSequence,
    );
    expect(holds).toEqual([1, 2, 3, 4, 5]);
  });
});
