import request from 'supertest';
import { fakeUser, sessionCookieFor } from '@ticketing/common/testing';
import { encodeCursor } from '@ticketing/common';
import { givenOrder, givenTicket, startService, type TestService } from '../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

async function buyNew(cookie: string, title: string) {
  const ticket = await givenTicket({ title });
  const res = await request(svc.app).post('/api/orders').set('Cookie', cookie).send({ ticketId: ticket.id });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

/** The path and query of the `Link: <...>; rel="next"` header, if any. */
function nextLink(link: string | undefined): string | undefined {
  return link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
}

describe('GET /api/orders', () => {
  it('when not signed in, then 401', async () => {
    expect((await request(svc.app).get('/api/orders')).status).toBe(401);
  });

  it('when the user has orders, then only theirs, newest first, with the ticket embedded', async () => {
    const me = sessionCookieFor();
    const first = await buyNew(me, 'First');
    await buyNew(sessionCookieFor(fakeUser()), 'Someone else');
    const second = await buyNew(me, 'Second');
    await request(svc.app).delete(`/api/orders/${first.id}`).set('Cookie', me).expect(204);

    const res = await request(svc.app).get('/api/orders').set('Cookie', me);
    expect(res.status).toBe(200);
    expect(res.headers.link).toBeUndefined();
    expect(res.body.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    expect(res.body[0]).toMatchObject({ status: 'created', ticket: { title: 'Second', price: 20 } });
    expect(res.body[1]).toMatchObject({ status: 'cancelled', ticket: { title: 'First' } });
    expect(Object.keys(res.body[0]).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'status',
      'ticket',
      'userId',
      'version',
    ]);
  });

  it('when the user has no orders, then an empty list', async () => {
    const res = await request(svc.app).get('/api/orders').set('Cookie', sessionCookieFor());
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('when there are more orders than the limit, then pages follow the Link header without gaps or repeats', async () => {
    const me = sessionCookieFor();
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push((await buyNew(me, `T${n}`)).id);

    const seen: string[] = [];
    let path: string | undefined = '/api/orders?limit=2';
    let pages = 0;
    while (path) {
      const res = await request(svc.app).get(path).set('Cookie', me);
      expect(res.status).toBe(200);
      expect(res.body.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.map((o: { id: string }) => o.id));
      path = nextLink(res.headers.link);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('when several orders share one creation instant, then the id breaks the tie across pages', async () => {
    const me = fakeUser();
    const createdAt = new Date('2030-01-01T00:00:00.000Z');
    const orders = [];
    for (let n = 0; n < 4; n += 1) orders.push(await givenOrder({ userId: me.id, createdAt }));
    const expected = orders.map((o) => o.id as string).reverse();

    const first = await request(svc.app).get('/api/orders?limit=3').set('Cookie', sessionCookieFor(me));
    const path = nextLink(first.headers.link);
    expect(path).toBeDefined();
    const second = await request(svc.app).get(path!).set('Cookie', sessionCookieFor(me));
    expect(second.headers.link).toBeUndefined();
    expect([...first.body, ...second.body].map((o: { id: string }) => o.id)).toEqual(expected);
  });

  it.each([['0'], ['101'], ['x']])('when limit is %p, then 400', async (limit) => {
    const res = await request(svc.app).get(`/api/orders?limit=${limit}`).set('Cookie', sessionCookieFor());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'limit must be an integer from 1 to 100', field: 'limit' }],
    });
  });

  it.each([
    ['garbage', 'not base64 json'],
    ['bad date', encodeCursor({ key: 'yesterday', id: '0123456789abcdef01234567' })],
    ['bad id', encodeCursor({ key: new Date().toISOString(), id: 'x' })],
  ])('when the cursor is malformed (%s), then 400', async (_case, cursor) => {
    const res = await request(svc.app)
      .get(`/api/orders?cursor=${encodeURIComponent(cursor)}`)
      .set('Cookie', sessionCookieFor());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid cursor', field: 'cursor' }] });
  });
});
