import request from 'supertest';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';
import { Order, OPEN_STATUSES } from '../../models/order';
import { givenTicket, startService, type TestService } from '../../test/service';

const MAX = 5;
let svc: TestService;
beforeEach(async () => {
  svc = await startService({ maxOpenOrders: MAX });
});
afterEach(() => svc.relay.flush());

const buyer = fakeUser();
const cookie = () => sessionCookieFor(buyer);
const buy = (ticketId: string, who = cookie()) =>
  request(svc.app).post('/api/orders').set('Cookie', who).send({ ticketId });
const openOrdersOf = (userId: string) => Order.countDocuments({ userId, status: { $in: OPEN_STATUSES } });
const capMessage = `You already hold ${MAX} open orders; pay for or cancel one before ordering another ticket`;

describe('MAX_OPEN_ORDERS_PER_BUYER', () => {
  it('when a buyer holds the maximum of open orders, then the next order is 400 saying why, and another buyer is not affected', async () => {
    for (let n = 0; n < MAX; n += 1) expect((await buy((await givenTicket()).id)).status).toBe(201);
    const refused = await buy((await givenTicket()).id);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ errors: [{ message: capMessage }] });
    expect(await openOrdersOf(buyer.id)).toBe(MAX);
    expect((await buy((await givenTicket()).id, sessionCookieFor(fakeUser()))).status).toBe(201);
  });

  it('when 20 orders of one buyer arrive at once, then exactly the maximum succeed and the rest are refused by the cap', async () => {
    const tickets = await Promise.all(Array.from({ length: 20 }, () => givenTicket()));
    const responses = await Promise.all(tickets.map((ticket) => buy(ticket.id)));
    expect(responses.filter((res) => res.status === 201)).toHaveLength(MAX);
    for (const res of responses.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: capMessage }] });
    }
    expect(await openOrdersOf(buyer.id)).toBe(MAX);
  });

  it('when an open order is cancelled or paid, then its slot is free for a new order', async () => {
    const orders = [];
    for (let n = 0; n < MAX; n += 1)
      orders.push((await buy((await givenTicket()).id)).body as { id: string });
    expect((await buy((await givenTicket()).id)).status).toBe(400);

    expect(
      (await request(svc.app).delete(`/api/orders/${orders[0]!.id}`).set('Cookie', cookie())).status,
    ).toBe(204);
    expect((await buy((await givenTicket()).id)).status).toBe(201);

    await svc.bus.deliver('payment:created', { id: orders[1]!.id, orderId: orders[1]!.id, stripeId: 'pi_1' });
    expect((await Order.findById(orders[1]!.id).lean())?.status).toBe('completed');
    expect((await buy((await givenTicket()).id)).status).toBe(201);
    expect(await openOrdersOf(buyer.id)).toBe(MAX);
  });

  it('when the ticket is already reserved, then that is the answer, not the cap', async () => {
    const ticket = await givenTicket();
    expect((await buy(ticket.id, sessionCookieFor(fakeUser()))).status).toBe(201);
    const res = await buy(ticket.id);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });
});
