import request from 'supertest';
import { encodeCursor } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { titleFields } from '../models/search-terms';
import { harness, listTicket, seller, type Harness } from '../test/harness';
import { objectId, orderCancelled, orderCreated } from '../test/order-events';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

interface Listed {
  id: string;
  title: string;
  price: number;
}

const nextLink = (link: string | undefined) => link?.match(/^<([^>]+)>; rel="next"$/)?.[1];

async function list(query: string): Promise<Listed[]> {
  return (await request(h.app).get(`/api/tickets?${query}`).expect(200)).body as Listed[];
}

const titles = async (query: string) => (await list(query)).map((ticket) => ticket.title).sort();

/** Stores tickets directly (titles, prices in dollars, optional creation times), as the routes would. */
async function stored(tickets: { title?: string; price: number; createdAt?: Date }[]): Promise<string[]> {
  const userId = seller().user.id;
  const docs = await Ticket.insertMany(
    tickets.map(({ title = 'Show', price, createdAt = new Date() }) => ({
      ...titleFields(title),
      price: Math.round(price * 100),
      userId,
      createdAt,
    })),
  );
  return docs.map((doc) => doc._id.toHexString());
}

/** The for-sale tickets in the order a sort must give, computed apart from the route. */
async function expectedOrder(
  sort: 'newest' | 'price_asc' | 'price_desc',
  ids?: Set<string>,
): Promise<string[]> {
  const docs = await Ticket.find({ sold: false, orderId: null }).lean();
  const id = (doc: (typeof docs)[number]) => doc._id.toHexString();
  const byId = (a: (typeof docs)[number], b: (typeof docs)[number]) => (id(a) < id(b) ? -1 : 1);
  const ordered = docs.sort((a, b) => {
    if (sort === 'newest') return b.createdAt.getTime() - a.createdAt.getTime() || byId(b, a);
    if (sort === 'price_asc') return a.price - b.price || byId(a, b);
    return b.price - a.price || byId(b, a);
  });
  return ordered.map(id).filter((ticket) => !ids || ids.has(ticket));
}

describe('GET /api/tickets?q=: searching titles', () => {
  beforeEach(async () => {
    await stored([
      { title: 'Café Tacuba live', price: 30 },
      { title: 'CAFE del Mar', price: 20 },
      { title: 'Cafeteria night', price: 10 },
      { title: 'Coffee & jazz', price: 15 },
      { title: 'Tacuba unplugged', price: 25 },
    ]);
  });

  it.each(['cafe', 'CAFÉ', 'Café', '  cAfÉ  '])(
    'when q is "%s", then titles with a word starting with cafe match, whatever their case and accents',
    async (q) => {
      // Sorted by code unit: é after t.
      expect(await titles(`q=${encodeURIComponent(q)}`)).toEqual([
        'CAFE del Mar',
        'Cafeteria night',
        'Café Tacuba live',
      ]);
    },
  );

  it('when q has several words, then a title must have every one of them', async () => {
    expect(await titles('q=tacuba+live')).toEqual(['Café Tacuba live']);
    expect(await titles('q=live+tacuba')).toEqual(['Café Tacuba live']);
    expect(await titles('q=tacuba+jazz')).toEqual([]);
  });

  it('when a query word is the middle or the end of a title word, then it does not match', async () => {
    expect(await titles('q=acuba')).toEqual([]);
    expect(await titles('q=teria')).toEqual([]);
  });

  it('when punctuation separates the query words, then they are words as in titles', async () => {
    expect(await titles(`q=${encodeURIComponent('coffee&jazz!')}`)).toEqual(['Coffee & jazz']);
  });

  it('when q is empty or blank, then nothing is searched', async () => {
    expect(await list('q=')).toHaveLength(5);
    expect(await list('q=%20%20')).toHaveLength(5);
  });

  it('when a matching ticket is reserved, then the search leaves it out', async () => {
    const [reserved] = await stored([{ title: 'Cafe reserved', price: 5 }]);
    await h.bus.deliver('order:created', orderCreated(objectId(), reserved!));
    expect(await titles('q=cafe')).not.toContain('Cafe reserved');
  });
});

describe('search terms follow the title', () => {
  it('when a ticket is listed and then renamed, then searches find the new title and not the old', async () => {
    const owner = seller();
    const ticket = await listTicket(h, owner, { title: 'Opéra Garnier', price: 80 });
    expect((await list('q=opera')).map((t) => t.id)).toEqual([ticket.id]);
    await request(h.app)
      .put(`/api/tickets/${ticket.id}`)
      .set('Cookie', owner.cookie)
      .send({ title: 'Ballet Bastille', price: 80 })
      .expect(200);
    expect(await list('q=opera')).toEqual([]);
    expect((await list('q=bastille')).map((t) => t.id)).toEqual([ticket.id]);
  });

  it('when tickets are shown, then their search terms are not', async () => {
    const ticket = await listTicket(h);
    const [listed] = await list('');
    expect(listed).not.toHaveProperty('searchTerms');
    const shown = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(shown.body).not.toHaveProperty('searchTerms');
  });
});

describe('GET /api/tickets?minPrice=&maxPrice=: prices in dollars', () => {
  beforeEach(async () => {
    await stored([10, 19.99, 20, 30.01, 50].map((price) => ({ title: `At ${price}`, price })));
  });

  const prices = async (query: string) => (await list(query)).map((t) => t.price).sort((a, b) => a - b);

  it('when both bounds are given, then both are inclusive, to the cent', async () => {
    expect(await prices('minPrice=19.99&maxPrice=30.01')).toEqual([19.99, 20, 30.01]);
  });

  it('when one bound is given, then the other side is open', async () => {
    expect(await prices('minPrice=20')).toEqual([20, 30.01, 50]);
    expect(await prices('maxPrice=19.99')).toEqual([10, 19.99]);
    expect(await prices('minPrice=0')).toHaveLength(5);
  });

  it('when both bounds are the same, then exactly that price matches', async () => {
    expect(await prices('minPrice=20&maxPrice=20.00')).toEqual([20]);
  });

  it('when the search, the prices and a sort are combined, then each applies', async () => {
    await stored([{ title: 'At 25 extra', price: 25 }]);
    const found = await list('q=at&minPrice=15&maxPrice=30&sort=price_desc');
    expect(found.map((t) => t.price)).toEqual([25, 20, 19.99]);
  });
});

describe('GET /api/tickets?sort=', () => {
  it.each(['newest', 'price_asc', 'price_desc'] as const)(
    'when sorted by %s with ties, then the order is by the key, ties broken by id in the same direction',
    async (sort) => {
      const instant = new Date('2030-01-01T00:00:00.000Z');
      const later = new Date('2030-01-02T00:00:00.000Z');
      // Equal prices and equal creation times, in an order that differs from the ids'.
      await stored([
        { price: 20, createdAt: instant },
        { price: 10, createdAt: later },
        { price: 20, createdAt: later },
        { price: 10, createdAt: instant },
        { price: 20, createdAt: instant },
        { price: 30, createdAt: later },
      ]);
      const expected = await expectedOrder(sort);
      expect((await list(`sort=${sort}`)).map((t) => t.id)).toEqual(expected);
      const walked: string[] = [];
      for (let next: string | undefined = `/api/tickets?sort=${sort}&limit=2`; next;) {
        const res = await request(h.app).get(next).expect(200);
        walked.push(...(res.body as Listed[]).map((t) => t.id));
        next = nextLink(res.headers.link);
      }
      expect(walked).toEqual(expected);
    },
  );

  it('when no sort is given, then it is newest first', async () => {
    await stored([
      { price: 1, createdAt: new Date(1_000) },
      { price: 2, createdAt: new Date(2_000) },
    ]);
    expect((await list('')).map((t) => t.price)).toEqual([2, 1]);
  });
});

describe('paging a search while the market moves', () => {
  it.each(['newest', 'price_asc', 'price_desc'] as const)(
    'when tickets are listed, reserved and released during a walk by %s, then those that stayed for sale come once each, in order',
    async (sort) => {
      const start = Date.now() - 60_000;
      // Few distinct prices and creation times, so ties sit on page boundaries.
      const ids = await stored(
        Array.from({ length: 40 }, (_, n) => ({
          title: n % 4 === 3 ? `Other ${n}` : `Match ${n}`,
          price: 10 + (n % 5),
          createdAt: new Date(start + (n % 7) * 1000),
        })),
      );
      const matching = new Set(ids.filter((_, n) => n % 4 !== 3));
      const touched = new Set<string>();
      const pending: Promise<unknown>[] = [];
      // Orders gives each hold of a ticket the next sequence number.
      const holds = new Map<string, number>();
      const reserve = (id: string) => {
        touched.add(id);
        const orderId = objectId();
        const hold = (holds.get(id) ?? 0) + 1;
        holds.set(id, hold);
        return h.bus
          .deliver('order:created', orderCreated(orderId, id, hold))
          .then(() => ({ orderId, hold }));
      };
      const release = async (id: string) => {
        const { orderId, hold } = await reserve(id);
        await h.bus.deliver('order:cancelled', orderCancelled(orderId, id, hold));
      };

      const walked: string[] = [];
      let turn = 0;
      for (let next: string | undefined = `/api/tickets?q=match&sort=${sort}&limit=6`; next; turn += 1) {
        const victim = ids[(turn * 11) % ids.length]!;
        const bounced = ids[(turn * 7 + 3) % ids.length]!;
        // The market moves while the page is read: a reservation, a reservation released, a new listing.
        const moves = [
          reserve(victim),
          release(bounced),
          stored([{ title: `Match new ${turn}`, price: 10 + (turn % 5), createdAt: new Date(start + 3000) }]),
        ];
        pending.push(...moves);
        const [res] = await Promise.all([request(h.app).get(next).expect(200), ...moves]);
        walked.push(...(res.body as Listed[]).map((t) => t.id));
        next = nextLink(res.headers.link);
      }
      await Promise.all(pending);

      expect(new Set(walked).size).toBe(walked.length);
      const stayed = [...matching].filter((id) => !touched.has(id));
      expect(stayed.length).toBeGreaterThan(10);
      const order = await expectedOrder(sort, new Set(stayed));
      expect(walked.filter((id) => order.includes(id))).toEqual(order);
    },
  );
});

describe('the next link of a search', () => {
  it('when a search spans pages, then the link carries every parameter and the pages join without repeats', async () => {
    await stored(Array.from({ length: 7 }, (_, n) => ({ title: `Jazz night ${n}`, price: 10 + n })));
    await stored([{ title: 'Rock night', price: 12 }]);
    const first = await request(h.app)
      .get('/api/tickets?q=jazz&minPrice=11&maxPrice=16&sort=price_desc&limit=4')
      .expect(200);
    const link = nextLink(first.headers.link);
    const params = new URL(link!, 'http://x').searchParams;
    expect(Object.fromEntries(params)).toEqual({
      q: 'jazz',
      minPrice: '11',
      maxPrice: '16',
      sort: 'price_desc',
      limit: '4',
      cursor: expect.any(String),
    });
    const second = await request(h.app).get(link!).expect(200);
    expect(second.headers.link).toBeUndefined();
    expect([...first.body, ...second.body].map((t: Listed) => t.price)).toEqual([16, 15, 14, 13, 12, 11]);
  });

  it('when a cursor is used with another sort, then 400 naming cursor', async () => {
    await stored(Array.from({ length: 3 }, (_, n) => ({ price: n + 1 })));
    const first = await request(h.app).get('/api/tickets?sort=price_asc&limit=1').expect(200);
    const cursor = new URL(nextLink(first.headers.link)!, 'http://x').searchParams.get('cursor');
    for (const sort of ['newest', 'price_desc']) {
      const res = await request(h.app).get(`/api/tickets?sort=${sort}&cursor=${cursor}`).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'cursor', message: expect.stringContaining('another sort') },
      ]);
    }
    const newest = await request(h.app).get('/api/tickets?limit=1').expect(200);
    const newestCursor = new URL(nextLink(newest.headers.link)!, 'http://x').searchParams.get('cursor');
    await request(h.app).get(`/api/tickets?sort=price_asc&cursor=${newestCursor}`).expect(400);
  });

  it('when a cursor from before sort orders existed comes back, then it still pages newest first', async () => {
    const [id] = await stored([
      { price: 1, createdAt: new Date(5_000) },
      { price: 2, createdAt: new Date(1_000) },
    ]);
    const old = encodeCursor({ key: new Date(5_000).toISOString(), id: id! });
    expect((await list(`cursor=${old}`)).map((t) => t.price)).toEqual([2]);
  });
});

const MIN = 'The lowest price must be an amount in dollars from 0 to 1000000, with at most 2 decimals';
const MAX = 'The highest price must be an amount in dollars from 0 to 1000000, with at most 2 decimals';

describe('invalid search parameters', () => {
  it.each([
    ['q', 'q=' + 'a'.repeat(101), 'Search words must be at most 100 characters'],
    ['q', `q=${encodeURIComponent('?! --')}`, 'Search words must contain a letter or a digit'],
    ['q', 'q=a+b+c+d+e+f+g+h+i', 'Search at most 8 words at a time'],
    ['q', 'q=a&q=b', 'q must be given once'],
    ['minPrice', 'minPrice=-1', MIN],
    ['minPrice', 'minPrice=1.999', MIN],
    ['minPrice', 'minPrice=', MIN],
    ['minPrice', 'minPrice=1e3', MIN],
    ['maxPrice', 'maxPrice=ten', MAX],
    ['maxPrice', 'maxPrice=1000000.01', MAX],
    ['maxPrice', 'minPrice=20&maxPrice=19.99', 'The highest price must not be below the lowest'],
    ['sort', 'sort=price', 'sort must be one of newest, price_asc, price_desc'],
    ['sort', 'sort=', 'sort must be one of newest, price_asc, price_desc'],
  ])('when %s is bad (%s), then 400 with that field error', async (field, query, message) => {
    const res = await request(h.app).get(`/api/tickets?${query}`).expect(400);
    expect(res.body).toEqual({ errors: [{ field, message }] });
  });

  it('when several parameters are bad, then one 400 names each of them', async () => {
    const res = await request(h.app)
      .get('/api/tickets?q=%21&minPrice=x&maxPrice=y&sort=z&limit=0')
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'limit',
      'q',
      'minPrice',
      'maxPrice',
      'sort',
    ]);
  });

  it.each(['q=jazz', 'minPrice=1', 'maxPrice=1', 'sort=price_asc'])(
    "when a seller's listings are asked with %s, then 400: they are newest first and unfiltered",
    async (query) => {
      const res = await request(h.app).get(`/api/tickets?userId=${objectId()}&${query}`).expect(400);
      expect(res.body.errors).toEqual([
        { field: query.split('=')[0], message: expect.stringContaining('userId') },
      ]);
    },
  );

  it("when a seller's listings are asked newest first, then it is allowed", async () => {
    await request(h.app).get(`/api/tickets?userId=${objectId()}&sort=newest`).expect(200);
  });
});
