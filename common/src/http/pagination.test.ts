import { Router } from 'express';
import request from 'supertest';
import { TEST_SESSION_KEYS } from '../testing/session';
import { createApp } from './create-app';
import { Types } from 'mongoose';
import {
  afterCursor,
  afterCursorFilter,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  NEWEST_FIRST,
  pageRequest,
  setNextLink,
  sortSpec,
  splitPageIn,
  type Cursor,
  type SortOrder,
} from './pagination';

const cursor: Cursor = { key: '2024-05-01T10:00:00.000Z', id: '65a1f0c2e4b0a1b2c3d4e5f6' };

/**
 * /api/items (registered by full path, as the services do) echoes the page request; its next link, unless
 * ?last=yes, points after a fixed cursor. /v1/items is the same route inside a router mounted at /v1.
 */
function buildApp() {
  const list = Router();
  list.get('/items', (req, res) => {
    const page = pageRequest(req);
    setNextLink(req, res, page.limit, req.query.last === 'yes' ? undefined : cursor);
    res.json(page);
  });
  const api = Router();
  api.use('/api', list);
  const mounted = Router();
  mounted.use('/v1', list);
  return createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [api, mounted], readiness: {} });
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('pageRequest', () => {
  it('when no parameter is given, then the default page size and no cursor are used', async () => {
    const response = await request(buildApp()).get('/api/items');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ limit: DEFAULT_PAGE_SIZE });
  });

  it.each([1, 7, MAX_PAGE_SIZE])('when limit is %p, then it is used', async (limit) => {
    const response = await request(buildApp()).get(`/api/items?limit=${limit}`);
    expect(response.body).toEqual({ limit });
  });

  it.each([
    ['zero', 'limit=0'],
    ['negative', 'limit=-5'],
    ['above the maximum', `limit=${MAX_PAGE_SIZE + 1}`],
    ['fractional', 'limit=2.5'],
    ['not a number', 'limit=ten'],
    ['empty', 'limit='],
    ['given twice', 'limit=5&limit=6'],
  ])('when limit is %s, then it is a 400 on field limit', async (_case, query) => {
    const response = await request(buildApp()).get(`/api/items?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [{ message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, field: 'limit' }],
    });
  });

  it('when a cursor made by encodeCursor comes back, then it decodes to the same position', async () => {
    const response = await request(buildApp()).get(`/api/items?limit=10&cursor=${encodeCursor(cursor)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ limit: 10, after: cursor });
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['plain text', 'page-2'],
    ['JSON that is not a pair', cursorOf({ key: cursor.key, id: cursor.id })],
    ['a pair holding a number', cursorOf([cursor.key, 42])],
    ['a quadruple', cursorOf([cursor.key, cursor.id, 'x', 'y'])],
    ['empty', ''],
  ])('when the cursor is %s, then it is a 400 on field cursor', async (_case, value) => {
    const response = await request(buildApp()).get(`/api/items?cursor=${encodeURIComponent(value)}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'Invalid cursor', field: 'cursor' }] });
  });

  it('when the cursor is given twice, then it is a 400 on field cursor', async () => {
    const one = encodeCursor(cursor);
    const response = await request(buildApp()).get(`/api/items?cursor=${one}&cursor=${one}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('cursor');
  });
});

describe('encodeCursor', () => {
  it('when a cursor names its sort order, then it decodes with that name', async () => {
    const named = { ...cursor, sort: 'price_asc' };
    const response = await request(buildApp()).get(`/api/items?cursor=${encodeCursor(named)}`);
    expect(response.body).toEqual({ limit: DEFAULT_PAGE_SIZE, after: named });
  });

  it('when a cursor is encoded, then it is URL-safe text that hides its content', () => {
    const encoded = encodeCursor({ key: 'a/b+c=d?&', id: 'x y' });
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain('a/b');
  });
});

describe('setNextLink', () => {
  it('when a further page exists, then Link points to the same path with the limit and the cursor', async () => {
    const response = await request(buildApp()).get('/api/items?limit=20');
    expect(response.headers.link).toBe(`</api/items?limit=20&cursor=${encodeCursor(cursor)}>; rel="next"`);
  });

  it('when the next link is followed, then the route gets the position it named', async () => {
    const app = buildApp();
    const first = await request(app).get('/api/items?limit=3');
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.link ?? '')?.[1];
    expect(next).toBeDefined();
    const second = await request(app).get(next!);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ limit: 3, after: cursor });
  });

  it('when the route sits in a router mounted under a prefix, then the link keeps the prefix', async () => {
    const response = await request(buildApp()).get('/v1/items?limit=5');
    expect(response.headers.link).toBe(`</v1/items?limit=5&cursor=${encodeCursor(cursor)}>; rel="next"`);
  });

  it('when there is no further page, then no Link header is set', async () => {
    const response = await request(buildApp()).get('/api/items?last=yes');
    expect(response.status).toBe(200);
    expect(response.headers.link).toBeUndefined();
  });
});

const PRICE_ASC: SortOrder = { name: 'price_asc', field: 'price', direction: 1, type: 'integer' };
const id = '65a1f0c2e4b0a1b2c3d4e5f6';

/** What an error thrown by fn serializes to, or undefined when it does not throw. */
function errorsOf(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { serialize(): unknown }).serialize();
  }
}

describe('sort orders', () => {
  it('when an order is turned into a sort, then _id breaks ties in the same direction', () => {
    expect(sortSpec(NEWEST_FIRST)).toEqual({ createdAt: -1, _id: -1 });
    expect(sortSpec(PRICE_ASC)).toEqual({ price: 1, _id: 1 });
  });

  it('when the page after a cursor is asked in ascending order, then the filter starts at its key and passes its id', () => {
    const oid = new Types.ObjectId(id);
    expect(afterCursor(PRICE_ASC, { key: '1999', id, sort: 'price_asc' })).toEqual({
      price: { $gte: 1999 },
      $or: [{ price: { $gt: 1999 } }, { _id: { $gt: oid } }],
    });
    const at = new Date(cursor.key);
    expect(afterCursor(NEWEST_FIRST, cursor)).toEqual({
      createdAt: { $lte: at },
      $or: [{ createdAt: { $lt: at } }, { _id: { $lt: oid } }],
    });
  });

  it.each([
    ['a cursor of another order', { ...cursor, sort: 'newest' }, PRICE_ASC],
    ['an unnamed (newest first) cursor', { key: '1999', id }, PRICE_ASC],
    ['a price cursor', { key: '1999', id, sort: 'price_asc' }, NEWEST_FIRST],
  ])('when %s is used, then it is a 400 on field cursor', (_case, given, order) => {
    expect(errorsOf(() => afterCursor(order, given))).toEqual([
      { message: 'This cursor belongs to another sort order; start again without it', field: 'cursor' },
    ]);
  });

  it('when a cursor of another order reaches the newest-first filter, then it is a 400 on field cursor', () => {
    expect(errorsOf(() => afterCursorFilter({ ...cursor, sort: 'price_asc' }))).toEqual([
      expect.objectContaining({ field: 'cursor' }),
    ]);
  });

  it.each([
    ['a fractional key', { key: '19.5', id, sort: 'price_asc' }, PRICE_ASC],
    ['a word as key', { key: 'cheap', id, sort: 'price_asc' }, PRICE_ASC],
    ['a bad date', { key: 'yesterday', id, sort: 'newest' }, NEWEST_FIRST],
    ['a bad id', { key: '100', id: 'nope', sort: 'price_asc' }, PRICE_ASC],
  ])('when the cursor has %s, then it is an invalid cursor', (_case, given, order) => {
    expect(errorsOf(() => afterCursor(order, given))).toEqual([
      { message: 'Invalid cursor', field: 'cursor' },
    ]);
  });

  it('when one more document than the limit was found, then the next cursor names the last shown and the order', () => {
    const docs = [100, 200, 300].map((price) => ({ _id: new Types.ObjectId(), price }));
    const { page, next } = splitPageIn(PRICE_ASC, docs, 2);
    expect(page).toEqual(docs.slice(0, 2));
    expect(next).toEqual({ key: '200', id: docs[1]!._id.toHexString(), sort: 'price_asc' });
    expect(splitPageIn(PRICE_ASC, docs, 3).next).toBeUndefined();
  });

  it('when the order sorts by date, then the cursor keeps the date to the millisecond', () => {
    const createdAt = new Date('2030-01-02T03:04:05.678Z');
    const docs = [createdAt, new Date(0)].map((at) => ({ _id: new Types.ObjectId(), createdAt: at }));
    expect(splitPageIn(NEWEST_FIRST, docs, 1).next?.key).toBe('2030-01-02T03:04:05.678Z');
  });
});
