import request from 'supertest';
import { Ticket } from '../models/ticket';
import { harness, seller, type Harness } from '../test/harness';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

const post = (body: unknown, cookie = seller().cookie) =>
  request(h.app)
    .post('/api/tickets')
    .set('Cookie', cookie)
    .send(body as object);

describe('POST /api/tickets', () => {
  it('when not signed in, then 401 in the common error shape and nothing is stored', async () => {
    const res = await request(h.app).post('/api/tickets').send({ title: 'Concert', price: 10 });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await Ticket.countDocuments()).toBe(0);
  });

  it('when the body is valid, then 201 with the ticket, version 0, free, priced in dollars', async () => {
    const who = seller();
    const res = await post({ title: 'Concert', price: 20 }, who.cookie).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: 'Concert',
      price: 20,
      userId: who.user.id,
      orderId: null,
      sold: false,
      soldAt: null,
      version: 0,
      createdAt: expect.any(String),
    });
    const stored = await Ticket.findById(res.body.id).lean();
    expect(stored).toMatchObject({
      price: 2000,
      version: 0,
      userId: who.user.id,
      orderId: null,
      sold: false,
    });
  });

  it('when the JSON comes back, then it has no _id, __v, pendingEvents or order history', async () => {
    const res = await post({ title: 'Concert', price: 20 }).expect(201);
    for (const key of ['_id', '__v', 'pendingEvents', 'orders']) expect(res.body).not.toHaveProperty(key);
  });

  it('when the price is 19.99, then 1999 cents are stored and 19.99 comes back', async () => {
    const res = await post({ title: 'Play', price: 19.99 }).expect(201);
    expect(res.body.price).toBe(19.99);
    expect((await Ticket.findById(res.body.id).lean())?.price).toBe(1999);
    const shown = await request(h.app).get(`/api/tickets/${res.body.id}`).expect(200);
    expect(shown.body.price).toBe(19.99);
  });

  it('when the title has surrounding spaces, then it is stored trimmed', async () => {
    const res = await post({ title: '  Opera  ', price: 5 }).expect(201);
    expect(res.body.title).toBe('Opera');
  });

  it('when the title is in decomposed Unicode, then it is stored in NFC', async () => {
    const res = await post({ title: 'Cafe\u0301 Tacuba', price: 5 }).expect(201);
    expect(res.body.title).toBe('Caf\u00e9 Tacuba');
  });

  it('when the title joins emoji with a zero-width joiner, then it is accepted as written', async () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467} Family day';
    const res = await post({ title: family, price: 5 }).expect(201);
    expect(res.body.title).toBe(family);
  });

  it.each([
    ['a control character', 'Coldplay\u0007 live'],
    ['a line break inside', 'Coldplay\nlive'],
    ['a right-to-left override', 'Coldplay \u202Eevil'],
    ['a bidirectional isolate', 'Coldplay \u2066live\u2069'],
    ['a right-to-left mark', 'Coldplay\u200F live'],
    ['a zero-width space', 'Cold\u200Bplay'],
    ['a zero-width joiner between letters', 'Cold\u200Dplay'],
    ['a word joiner', 'Cold\u2060play'],
    ['a byte-order mark inside', 'Cold\uFEFFplay'],
  ])('when the title holds %s, then 400 saying so on the title field', async (_case, title) => {
    const res = await post({ title, price: 10 }).expect(400);
    expect(res.body.errors).toEqual([
      {
        message: 'Title must not contain control, bidirectional or invisible (zero-width) characters',
        field: 'title',
      },
    ]);
    expect(await Ticket.countDocuments()).toBe(0);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['only spaces', '   '],
    ['only a zero-width space and spaces', ' \u200B '],
    ['not a string', 42],
    ['longer than 200 characters after trimming', ` ${'x'.repeat(201)} `],
  ])('when the title is %s, then 400 naming the title field', async (_case, title) => {
    const res = await post({ title, price: 10 }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'title' }]);
    expect(await Ticket.countDocuments()).toBe(0);
  });

  it('when the title is exactly 200 characters, then it is accepted', async () => {
    await post({ title: 'y'.repeat(200), price: 10 }).expect(201);
  });

  it.each([
    ['missing', undefined],
    ['a numeric string', '10'],
    ['null', null],
    ['a boolean', true],
    ['zero', 0],
    ['negative', -5],
    ['above 1,000,000', 1_000_000.01],
    ['given with 3 decimals', 10.001],
  ])('when the price is %s, then 400 naming the price field', async (_case, price) => {
    const res = await post({ title: 'Concert', price }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.stringContaining('Price'), field: 'price' }]);
  });

  it.each([0.01, 1_000_000, 12.5])('when the price is %s, then it is accepted exactly', async (price) => {
    const res = await post({ title: 'Concert', price }).expect(201);
    expect(res.body.price).toBe(price);
  });

  it('when both title and price are invalid, then both fields are reported', async () => {
    const res = await post({ title: '', price: -1 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['price', 'title']);
  });

  it('when the JSON is malformed, then 400', async () => {
    const res = await request(h.app)
      .post('/api/tickets')
      .set('Cookie', seller().cookie)
      .set('Content-Type', 'application/json')
      .send('{"title": "x",');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toEqual(expect.any(String));
  });

  it('when a ticket is created, then exactly one ticket:created with version 0 and the price in cents goes out', async () => {
    const who = seller();
    const res = await post({ title: 'Concert', price: 19.99 }, who.cookie).expect(201);
    await h.relay.flush();
    expect(h.bus.published.map((e) => e.subject)).toEqual(['ticket:created']);
    expect(h.bus.publishedData('ticket:created')).toEqual([
      { id: res.body.id, version: 0, title: 'Concert', price: 1999, userId: who.user.id },
    ]);
    expect((await Ticket.findById(res.body.id).lean())?.pendingEvents).toEqual([]);
  });
});
