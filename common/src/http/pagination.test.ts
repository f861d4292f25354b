import { Router } from 'express';
import request from 'supertest';
import { TEST_JWT_KEY } from '../testing/session';
import { createApp } from './create-app';
import {
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageRequest,
  setNextLink,
  type Cursor,
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
  return createApp({ jwtKey: TEST_JWT_KEY, routers: [api, mounted], readiness: {} });
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
    ['a triple', cursorOf([cursor.key, cursor.id, 'x'])],
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
