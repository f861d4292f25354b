import request from 'supertest';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';
import { OrderStatus } from '@ticketing/common';
import { Order } from '../../models/order';
import { givenOrder, givenTicket, newId, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

const buy = (ticketId: unknown, cookie = sessionCookieFor()) =>
  request(svc.app).post('/api/orders').set('Cookie', cookie).send({ ticketId });

describe('POST /api/orders', () => {
  it('when not signed in, then 401', async () => {
    const ticket = await givenTicket();
    const res = await request(svc.app).post('/api/orders').send({ ticketId: ticket.id });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
  });

  it.each([['not-an-id'], [undefined], [42], ['']])(
    'when ticketId is %p, then 400 naming the field',
    async (ticketId) => {
      const res = await buy(ticketId);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'ticketId must be a valid id', field: 'ticketId' }] });
    },
  );

  it('when the ticket is unknown, then 404', async () => {
    const res = await buy(newId());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the buyer is the seller, then 400 and no order', async () => {
    const seller = fakeUser();
    const ticket = await givenTicket({ userId: seller.id });
    const res = await buy(ticket.id, sessionCookieFor(seller));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'You cannot buy your own ticket' }] });
    expect(await Order.countDocuments()).toBe(0);
  });

  it('when the ticket is free, then 201 with the order, expiring after the window, and order:created', async () => {
    const buyer = fakeUser();
    const ticket = await givenTicket({ title: 'Opera', price: 1999 });
    const before = Date.now();
    const res = await buy(ticket.id, sessionCookieFor(buyer));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: 'created',
      userId: buyer.id,
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      ticket: { id: ticket.id, title: 'Opera', price: 19.99 },
      version: 0,
    });
    expect(Date.parse(res.body.createdAt)).toBeGreaterThanOrEqual(before);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 900_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);

    await svc.relay.flush();
    expect(svc.bus.publishedData('order:created')).toEqual([
      {
        id: res.body.id,
        version: 0,
        status: 'created',
        userId: buyer.id,
        expiresAt: res.body.expiresAt,
        ticket: { id: ticket.id, price: 1999 },
        holdSequence: 1,
      },
    ]);
  });

  it('when a ticket is ordered again after each order was cancelled, then each order takes the next hold sequence', async () => {
    const ticket = await givenTicket();
    const holds: number[] = [];
    for (let n = 0; n < 3; n += 1) {
      const cookie = sessionCookieFor();
      const placed = await buy(ticket.id, cookie).expect(201);
      holds.push((await Order.findById(placed.body.id).lean())!.holdSequence);
      await request(svc.app).delete(`/api/orders/${placed.body.id}`).set('Cookie', cookie).expect(204);
    }
    expect(holds).toEqual([1, 2, 3]);
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:cancelled').map((e) => e.holdSequence)).toEqual([1, 2, 3]);
  });

  it("when this process placed the ticket's last order, then the next order takes the next hold without reading it", async () => {
    const ticket = await givenTicket();
    const cookie = sessionCookieFor();
    const first = await buy(ticket.id, cookie).expect(201);
    await request(svc.app).delete(`/api/orders/${first.body.id}`).set('Cookie', cookie).expect(204);
    const findOne = jest.spyOn(Order, 'findOne');
    try {
      const second = await buy(ticket.id).expect(201);
      expect(findOne).not.toHaveBeenCalled();
      findOne.mockRestore();
      expect((await Order.findById(second.body.id).lean())!.holdSequence).toBe(2);
    } finally {
      findOne.mockRestore();
    }
  });

  it("when the ticket's earlier orders were placed elsewhere (another replica, a restart), then the order still takes the next hold", async () => {
    const ticket = await givenTicket();
    for (const holdSequence of [1, 2]) {
      await givenOrder({ ticketId: ticket.id, status: OrderStatus.Cancelled, holdSequence });
    }
    const placed = await buy(ticket.id).expect(201);
    expect((await Order.findById(placed.body.id).lean())!.holdSequence).toBe(3);
  });

  it('when the window is configured, then expiresAt follows it', async () => {
    svc = await startService({ expirationWindowSeconds: 60 });
    const ticket = await givenTicket();
    const res = await buy(ticket.id);
    expect(res.status).toBe(201);
    const remaining = Date.parse(res.body.expiresAt) - Date.now();
    expect(remaining).toBeGreaterThan(55_000);
    expect(remaining).toBeLessThanOrEqual(60_000);
  });

  it('when a live order holds the ticket, then 400 "Ticket is already reserved" and no event', async () => {
    const ticket = await givenTicket();
    expect((await buy(ticket.id)).status).toBe(201);
    await svc.relay.flush();
    svc.bus.clear();
    const res = await buy(ticket.id);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    await svc.relay.flush();
    expect(svc.bus.published).toHaveLength(0);
  });

  it('when the same buyer asks twice, then the second is refused too', async () => {
    const cookie = sessionCookieFor();
    const ticket = await givenTicket();
    expect((await buy(ticket.id, cookie)).status).toBe(201);
    expect((await buy(ticket.id, cookie)).status).toBe(400);
  });

  it('when a completed order holds the ticket, then 400 "Ticket is already reserved"', async () => {
    const ticket = await givenTicket();
    const first = await buy(ticket.id);
    await svc.bus.deliver('payment:created', { id: newId(), orderId: first.body.id, stripeId: 'pi_1' });
    const res = await buy(ticket.id);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });

  it('when the order was cancelled, then a new buyer can buy the ticket', async () => {
    const firstBuyer = sessionCookieFor();
    const ticket = await givenTicket();
    const first = await buy(ticket.id, firstBuyer);
    await request(svc.app).delete(`/api/orders/${first.body.id}`).set('Cookie', firstBuyer).expect(204);
    const second = await buy(ticket.id);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('when the body is not JSON, then 400', async () => {
    const res = await request(svc.app)
      .post('/api/orders')
      .set('Cookie', sessionCookieFor())
      .set('Content-Type', 'application/json')
      .send('{"ticketId":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON in request body' }] });
  });
});
