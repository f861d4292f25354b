import request from 'supertest';
import { Ticket } from '../models/ticket';
import { harness, listTicket, seller, type Harness } from '../test/harness';
import { objectId, orderCancelled, orderCompleted, orderCreated } from '../test/order-events';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

interface Listed {
  id: string;
}

/** The path of the next page from a `Link: <...>; rel="next"` header, if any. */
function nextLink(link: string | undefined): string | undefined {
  return link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
}

/** Follows next links from `path` to the end; returns every page's ids. */
async function allPages(path: string): Promise<string[][]> {
  const pages: string[][] = [];
  for (let next: string | undefined = path; next;) {
    const res = await request(h.app).get(next).expect(200);
    pages.push((res.body as Listed[]).map((t) => t.id));
    next = nextLink(res.headers.link);
  }
  return pages;
}

/** Ids of stored tickets for sale in the list's order, computed independently of the route. */
async function expectedOrder(): Promise<string[]> {
  const docs = await Ticket.find({ sold: false, orderId: null }).lean();
  return docs
    .sort(
      (a, b) =>
        b.createdAt.getTime() - a.createdAt.getTime() || (b._id.toHexString() > a._id.toHexString() ? 1 : -1),
    )
    .map((d) => d._id.toHexString());
}

async function insertTickets(count: number, createdAt?: Date): Promise<void> {
  const userId = seller().user.id;
  await Ticket.insertMany(
    Array.from({ length: count }, (_, n) => ({
      title: `Ticket ${n}`,
      price: 1000 + n,
      userId,
      ...(createdAt ? { createdAt } : { createdAt: new Date(Date.now() - n * 1000) }),
    })),
  );
}

describe('GET /api/tickets', () => {
  it('when there are no tickets, then 200 with an empty array and no next link', async () => {
    const res = await request(h.app).get('/api/tickets').expect(200);
    expect(res.body).toEqual([]);
    expect(res.headers.link).toBeUndefined();
  });

  it('when tickets exist, then they come newest first in the public shape', async () => {
    const first = await listTicket(h, seller(), { title: 'First', price: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await listTicket(h, seller(), { title: 'Second', price: 19.99 });
    const res = await request(h.app).get('/api/tickets').expect(200);
    expect(res.body.map((t: Listed) => t.id)).toEqual([second.id, first.id]);
    expect(res.body[0]).toEqual({ ...second, orderId: null, sold: false, createdAt: expect.any(String) });
    expect(res.body[0]).not.toHaveProperty('_id');
  });

  it('when some tickets are reserved or sold, then only the ones for sale are listed', async () => {
    const free = await listTicket(h);
    const reserved = await listTicket(h);
    const sold = await listTicket(h);
    const released = await listTicket(h);
    const [a, b, c] = [objectId(), objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(a, reserved.id));
    await h.bus.deliver('order:created', orderCreated(b, sold.id));
    await h.bus.deliver('order:completed', orderCompleted(b, sold.id));
    await h.bus.deliver('order:created', orderCreated(c, released.id));
    await h.bus.deliver('order:cancelled', orderCancelled(c, released.id));
    const res = await request(h.app).get('/api/tickets').expect(200);
    expect(res.body.map((t: Listed) => t.id).sort()).toEqual([free.id, released.id].sort());
  });

  it('when 25 tickets are paged 10 at a time, then 3 pages cover them all, newest first, with no overlap or gap', async () => {
    // Created in parallel so that some share a creation millisecond and only _id orders them.
    await Promise.all(
      Array.from({ length: 25 }, (_, n) => listTicket(h, seller(), { title: `T${n}`, price: n + 1 })),
    );
    const pages = await allPages('/api/tickets?limit=10');
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(await expectedOrder());
    expect(new Set(pages.flat()).size).toBe(25);
  });

  it('when many tickets share one creation time, then paging still covers each exactly once', async () => {
    await insertTickets(23, new Date('2030-01-01T00:00:00.000Z'));
    const pages = await allPages('/api/tickets?limit=7');
    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 2]);
    expect(pages.flat()).toEqual(await expectedOrder());
  });

  it('when a ticket gets reserved between two pages, then the next page neither repeats nor skips others', async () => {
    await insertTickets(12);
    const order = await expectedOrder();
    const first = await request(h.app).get('/api/tickets?limit=5').expect(200);
    await h.bus.deliver('order:created', orderCreated(objectId(), order[2]!));
    const rest = await allPages(nextLink(first.headers.link)!);
    expect([...first.body.map((t: Listed) => t.id), ...rest.flat()]).toEqual(order);
  });

  it('when no limit is given, then 50 come per page and the link keeps that limit', async () => {
    await insertTickets(55);
    const res = await request(h.app).get('/api/tickets').expect(200);
    expect(res.body).toHaveLength(50);
    const next = nextLink(res.headers.link);
    expect(next).toMatch(/^\/api\/tickets\?limit=50&cursor=/);
    const second = await request(h.app).get(next!).expect(200);
    expect(second.body).toHaveLength(5);
    expect(second.headers.link).toBeUndefined();
  });

  it('when the limit is 100, then it is accepted', async () => {
    await request(h.app).get('/api/tickets?limit=100').expect(200);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', ''])(
    'when the limit is "%s", then 400 naming limit',
    async (limit) => {
      const res = await request(h.app).get(`/api/tickets?limit=${limit}`).expect(400);
      expect(res.body.errors).toEqual([{ message: expect.any(String), field: 'limit' }]);
    },
  );

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['yesterday', objectId()])).toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify([new Date().toISOString(), 'nope'])).toString('base64url')],
  ])('when the cursor is %s, then 400 naming cursor', async (_case, cursor) => {
    const res = await request(h.app)
      .get(`/api/tickets?cursor=${encodeURIComponent(cursor)}`)
      .expect(400);
    expect(res.body.errors).toEqual([{ message: 'Invalid cursor', field: 'cursor' }]);
  });
});

describe("GET /api/tickets?userId=: one seller's listings", () => {
  async function sellerWithEveryState() {
    const owner = seller();
    const forSale = await listTicket(h, owner);
    const reserved = await listTicket(h, owner);
    const sold = await listTicket(h, owner);
    await listTicket(h); // another seller's
    await h.bus.deliver('order:created', orderCreated(objectId(), reserved.id));
    const buyerOrder = objectId();
    await h.bus.deliver('order:created', orderCreated(buyerOrder, sold.id));
    await h.bus.deliver('order:completed', orderCompleted(buyerOrder, sold.id));
    return { owner, forSale, reserved, sold };
  }

  it("when anyone asks for a seller's tickets, then only that seller's tickets for sale come back", async () => {
    const { owner, forSale } = await sellerWithEveryState();
    const res = await request(h.app).get(`/api/tickets?userId=${owner.user.id}`).expect(200);
    expect((res.body as Listed[]).map((t) => t.id)).toEqual([forSale.id]);
  });

  it('when the seller asks for status=all, then every state comes back newest first with its lock state', async () => {
    const { owner, forSale, reserved, sold } = await sellerWithEveryState();
    const res = await request(h.app)
      .get(`/api/tickets?userId=${owner.user.id}&status=all`)
      .set('Cookie', owner.cookie)
      .expect(200);
    const body = res.body as { id: string; orderId: string | null; sold: boolean }[];
    expect(body.map((t) => t.id)).toEqual([sold.id, reserved.id, forSale.id]);
    expect(body.map((t) => [t.orderId !== null, t.sold])).toEqual([
      [true, true],
      [true, false],
      [false, false],
    ]);
  });

  it("when someone else asks for a seller's reserved and sold tickets, then 401 signed out and 403 signed in", async () => {
    const { owner } = await sellerWithEveryState();
    await request(h.app).get(`/api/tickets?userId=${owner.user.id}&status=all`).expect(401);
    await request(h.app)
      .get(`/api/tickets?userId=${owner.user.id}&status=all`)
      .set('Cookie', seller().cookie)
      .expect(403);
  });

  it('when userId or status is malformed, then 400 naming the field', async () => {
    const bad = await request(h.app).get('/api/tickets?userId=nope').expect(400);
    expect(bad.body).toEqual({ errors: [{ message: 'userId must be a valid id', field: 'userId' }] });
    const status = await request(h.app).get('/api/tickets?status=sold').expect(400);
    expect(status.body.errors[0].field).toBe('status');
  });

  it("when a seller's listings span pages, then the next link keeps the filters", async () => {
    const owner = seller();
    for (let n = 0; n < 5; n += 1) await listTicket(h, owner);
    await listTicket(h);
    const first = await request(h.app)
      .get(`/api/tickets?userId=${owner.user.id}&status=all&limit=2`)
      .set('Cookie', owner.cookie)
      .expect(200);
    expect(first.headers.link).toContain(`userId=${owner.user.id}`);
    expect(first.headers.link).toContain('status=all');
    const ids: string[] = (first.body as Listed[]).map((t) => t.id);
    for (let next = nextLink(first.headers.link); next;) {
      const page = await request(h.app).get(next).set('Cookie', owner.cookie).expect(200);
      ids.push(...(page.body as Listed[]).map((t) => t.id));
      next = nextLink(page.headers.link);
    }
    expect(new Set(ids).size).toBe(5);
  });
});
