import request from 'supertest';
import { Ticket } from '../models/ticket';
import { harness, listTicket, seller, type Harness, type Seller } from '../test/harness';
import { objectId, orderCancelled, orderCompleted, orderCreated } from '../test/order-events';

let h: Harness;
let owner: Seller;
beforeEach(async () => {
  h = await harness();
  owner = seller();
});

const put = (id: string, body: unknown, cookie = owner.cookie) =>
  request(h.app)
    .put(`/api/tickets/${id}`)
    .set('Cookie', cookie)
    .send(body as object);

describe('PUT /api/tickets/:id', () => {
  it('when the owner sends a valid edit, then 200 with the new title and price and version + 1', async () => {
    const ticket = await listTicket(h, owner);
    const res = await put(ticket.id, { title: ' New title ', price: 19.99 }).expect(200);
    expect(res.body).toEqual({
      id: ticket.id,
      title: 'New title',
      price: 19.99,
      userId: owner.user.id,
      orderId: null,
      sold: false,
      soldAt: null,
      version: 1,
      createdAt: expect.any(String),
    });
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({
      title: 'New title',
      price: 1999,
      version: 1,
    });
  });

  it('when the owner edits twice, then each edit publishes one ticket:updated with the next version', async () => {
    const ticket = await listTicket(h, owner);
    await put(ticket.id, { title: 'Two', price: 2 }).expect(200);
    await put(ticket.id, { title: 'Three', price: 3 }).expect(200);
    await h.relay.flush();
    expect(h.bus.published.map((e) => e.subject)).toEqual([
      'ticket:created',
      'ticket:updated',
      'ticket:updated',
    ]);
    expect(h.bus.publishedData('ticket:updated')).toEqual([
      {
        id: ticket.id,
        version: 1,
        title: 'Two',
        price: 200,
        userId: owner.user.id,
        orderId: null,
        sold: false,
      },
      {
        id: ticket.id,
        version: 2,
        title: 'Three',
        price: 300,
        userId: owner.user.id,
        orderId: null,
        sold: false,
      },
    ]);
  });

  it('when not signed in, then 401', async () => {
    const ticket = await listTicket(h, owner);
    const res = await request(h.app)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: 'x', price: 1 })
      .expect(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
  });

  it('when the ticket does not exist, then 404', async () => {
    const res = await put(objectId(), { title: 'x', price: 1 }).expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the id is malformed, then 404', async () => {
    await put('123', { title: 'x', price: 1 }).expect(404);
  });

  it('when someone else edits it, then 403 and the ticket is unchanged with no event', async () => {
    const ticket = await listTicket(h, owner);
    const res = await put(ticket.id, { title: 'Mine now', price: 1 }, seller().cookie).expect(403);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({
      title: 'Concert',
      price: 2000,
      version: 0,
    });
    await h.relay.flush();
    expect(h.bus.publishedData('ticket:updated')).toEqual([]);
  });

  it.each([
    ['an empty title', { title: '  ', price: 10 }, 'title'],
    ['a string price', { title: 'ok', price: '10' }, 'price'],
    ['a price with 3 decimals', { title: 'ok', price: 1.234 }, 'price'],
    ['a price above the maximum', { title: 'ok', price: 2_000_000 }, 'price'],
  ])('when the body has %s, then 400 naming the field', async (_case, body, field) => {
    const ticket = await listTicket(h, owner);
    const res = await put(ticket.id, body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
    expect((await Ticket.findById(ticket.id).lean())?.version).toBe(0);
  });

  it('when the ticket is reserved, then 400 "Cannot edit a reserved ticket" and nothing changes', async () => {
    const ticket = await listTicket(h, owner);
    await h.bus.deliver('order:created', orderCreated(objectId(), ticket.id));
    const res = await put(ticket.id, { title: 'Sneaky', price: 500 }).expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot edit a reserved ticket' }] });
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({
      title: 'Concert',
      price: 2000,
      version: 1,
    });
  });

  it('when the ticket is sold, then 400 "Cannot edit a sold ticket"', async () => {
    const ticket = await listTicket(h, owner);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id));
    const res = await put(ticket.id, { title: 'Again', price: 1 }).expect(400);
    expect(res.body).toEqual({ errors: [{ message: 'Cannot edit a sold ticket' }] });
  });

  it('when a reservation was released, then the owner can edit again', async () => {
    const ticket = await listTicket(h, owner);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id));
    const res = await put(ticket.id, { title: 'Cheaper', price: 15 }).expect(200);
    expect(res.body.version).toBe(3);
  });

  it('when the owner sends 50 edits at once, then none is lost: each success is one version, the rest a clean 503', async () => {
    const ticket = await listTicket(h, owner);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) => put(ticket.id, { title: `Edit ${n}`, price: n + 1 })),
    );
    const ok = responses.filter((res) => res.status === 200);
    for (const res of responses.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(503);
      expect(res.body.errors[0].message).toEqual(expect.any(String));
    }
    const stored = await Ticket.findById(ticket.id).lean();
    expect(stored?.version).toBe(ok.length);
    expect(ok.map((res) => res.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: ok.length }, (_, n) => n + 1),
    );
    // The stored state is the one written by the edit that got the last version.
    const last = ok.find((res) => res.body.version === ok.length)!;
    expect(stored).toMatchObject({ title: last.body.title, price: Math.round(last.body.price * 100) });
    await h.relay.flush();
    expect(
      h.bus
        .publishedData('ticket:updated')
        .map((e) => e.version)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: ok.length }, (_, n) => n + 1));
    expect(ok.length).toBeGreaterThan(0);
  });

  it('when edits race reservations, then no reserved ticket changes price after its reservation and versions only grow', async () => {
    const tickets = await Promise.all(Array.from({ length: 8 }, () => listTicket(h, owner)));
    await h.relay.flush();
    h.bus.clear();
    const outcomes = await Promise.all(
      tickets.map(async (ticket, n) => {
        const [edit, verdict] = await Promise.all([
          put(ticket.id, { title: `Raced ${n}`, price: 99.5 }),
          h.bus.deliver('order:created', orderCreated(objectId(), ticket.id)),
        ]);
        return { ticket, edit, verdict };
      }),
    );
    await h.relay.flush();
    for (const { ticket, edit, verdict } of outcomes) {
      expect(verdict).toBe('ack');
      expect([200, 400]).toContain(edit.status);
      const events = h.bus.publishedData('ticket:updated').filter((e) => e.id === ticket.id);
      const versions = events.map((e) => e.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
      const reservedAt = events.findIndex((e) => e.orderId);
      expect(reservedAt).toBeGreaterThanOrEqual(0);
      // Every event from the reservation on carries the price the reservation saw.
      const reservedPrice = events[reservedAt]!.price;
      expect(events.slice(reservedAt).every((e) => e.price === reservedPrice)).toBe(true);
      const stored = await Ticket.findById(ticket.id).lean();
      expect(stored?.orderId).toEqual(expect.any(String));
      expect(stored?.price).toBe(reservedPrice);
      expect(stored?.version).toBe(edit.status === 200 ? 2 : 1);
      if (edit.status === 400) expect(edit.body.errors[0].message).toBe('Cannot edit a reserved ticket');
    }
  });
});
