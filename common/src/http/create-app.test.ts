import express, { Router } from 'express';
import request from 'supertest';
import { correlationId } from '../context';
import { TEST_SESSION_KEYS } from '../testing/session';
import { createApp } from './create-app';
import { healthRouter, readinessOf, type ReadinessCheck } from './health';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function appWith(readiness: Record<string, ReadinessCheck> = {}, status?: Record<string, ReadinessCheck>) {
  const router = Router();
  router.get('/api/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  // Answers with the correlation id the work runs under, to show the request id reaches the handler.
  router.get('/api/things', (_req, res) => {
    res.json({ correlationId: correlationId() });
  });
  return createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [router], readiness, status });
}

describe('createApp', () => {
  it('when a route does not exist, then it is a 404 in the common error shape', async () => {
    const unknownPath = await request(appWith()).get('/api/nothing-here');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body).toEqual({ errors: [{ message: 'Route not found' }] });
  });

  it('when a path exists but not with that method, then it is a 405 naming the methods in Allow', async () => {
    const unknownMethod = await request(appWith()).delete('/api/things');
    expect(unknownMethod.status).toBe(405);
    expect(unknownMethod.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(unknownMethod.body).toEqual({ errors: [{ message: 'Method not allowed' }] });
  });

  it('when any response is sent, then it carries the security headers and no X-Powered-By', async () => {
    const app = appWith();
    for (const response of [await request(app).get('/api/things'), await request(app).get('/missing')]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'no-store',
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('when /healthz is asked, then it answers 200 even if a dependency is down', async () => {
    const response = await request(appWith({ database: () => false })).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('when every readiness check passes, then /readyz is 200 and lists them', async () => {
    const response = await request(appWith({ database: () => true, bus: async () => true })).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', checks: { database: true, bus: true } });
  });

  it('when a readiness check fails or throws, then /readyz is 503 naming it', async () => {
    const failing = await request(appWith({ database: () => true, bus: async () => false })).get('/readyz');
    expect(failing.status).toBe(503);
    expect(failing.body).toEqual({ status: 'not ready', checks: { database: true, bus: false } });

    const throwing = await request(
      appWith({
        database: () => {
          throw new Error('connection refused');
        },
        bus: () => true,
      }),
    ).get('/readyz');
    expect(throwing.status).toBe(503);
    expect(throwing.body).toEqual({ status: 'not ready', checks: { database: false, bus: true } });
    expect(throwing.text).not.toContain('connection refused');
  });

  it('when the bus is down but the database is up, then /readyz is 200 and reports the bus', async () => {
    const response = await request(appWith({ database: () => true }, { bus: () => false })).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      checks: { database: true },
      dependencies: { bus: false },
    });
  });

  it.each(['/api/things/%E0%A4%A', '/api/things/%', '/api/things/%ZZ'])(
    'when the path %s cannot be decoded, then 400, never a 5xx',
    async (path) => {
      const response = await request(appWith()).get(path);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: [{ message: 'Malformed percent-encoding in the URL' }] });
    },
  );

  it('when a sane X-Request-Id comes in, then it is echoed and becomes the correlation id of the work', async () => {
    const response = await request(appWith()).get('/api/things').set('X-Request-Id', 'gateway-42.a_b');
    expect(response.headers['x-request-id']).toBe('gateway-42.a_b');
    expect(response.body).toEqual({ correlationId: 'gateway-42.a_b' });
  });

  it.each([
    ['absent', undefined],
    ['with spaces and quotes', 'id "with" spaces'],
    ['too long', 'a'.repeat(101)],
    ['with a log-injection attempt', 'abc}{"level":60'],
  ])('when X-Request-Id is %s, then a fresh UUID is used instead', async (_case, incoming) => {
    const call = request(appWith()).get('/api/things');
    const response = await (incoming === undefined ? call : call.set('X-Request-Id', incoming));
    const generated = response.headers['x-request-id'];
    expect(generated).toMatch(UUID);
    expect(response.body).toEqual({ correlationId: generated });
  });

  it('when two requests come without an id, then each gets its own', async () => {
    const app = appWith();
    const [a, b] = await Promise.all([request(app).get('/api/things'), request(app).get('/api/things')]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('when a raw-body router is given, then it receives the exact bytes sent while others get parsed JSON', async () => {
    const raw = Router();
    raw.post('/api/webhook', express.raw({ type: 'application/json' }), (req, res) => {
      const body: unknown = req.body;
      res.json({
        isBuffer: Buffer.isBuffer(body),
        text: Buffer.isBuffer(body) ? body.toString('utf8') : null,
      });
    });
    const parsed = Router();
    parsed.post('/api/parsed', (req, res) => {
      res.json({ body: req.body as unknown });
    });
    const app = createApp({
      sessionKeys: TEST_SESSION_KEYS,
      routers: [parsed],
      rawBodyRouters: [raw],
      readiness: {},
    });
    const exactBytes = '{ "type":"payment_intent.succeeded",\n  "id": "evt_1" }';

    const webhook = await request(app)
      .post('/api/webhook')
      .set('Content-Type', 'application/json')
      .send(exactBytes);
    expect(webhook.status).toBe(200);
    expect(webhook.body).toEqual({ isBuffer: true, text: exactBytes });
    expect(webhook.headers['x-request-id']).toMatch(UUID);

    const other = await request(app)
      .post('/api/parsed')
      .set('Content-Type', 'application/json')
      .send(exactBytes);
    expect(other.body).toEqual({ body: { type: 'payment_intent.succeeded', id: 'evt_1' } });
  });

  it('when a smaller body limit is configured, then it applies', async () => {
    const router = Router();
    router.post('/api/small', (_req, res) => {
      res.json({});
    });
    const app = createApp({
      sessionKeys: TEST_SESSION_KEYS,
      routers: [router],
      readiness: {},
      bodyLimit: '1kb',
    });
    const response = await request(app)
      .post('/api/small')
      .send({ text: 'x'.repeat(2048) });
    expect(response.status).toBe(413);
  });
});

describe('readinessOf', () => {
  it('when an app is built by createApp, then it gives the checks its /readyz decides on, not the status ones', () => {
    const database = () => true;
    const app = createApp({
      sessionKeys: TEST_SESSION_KEYS,
      routers: [],
      readiness: { database },
      status: { bus: () => false },
    });
    expect(readinessOf(app)).toEqual({ database });
  });

  it('when an app mounts the health router itself, then its checks are found too; an app without one has none', () => {
    const redis = () => true;
    const withHealth = express();
    withHealth.use(express.json());
    withHealth.use(healthRouter({ redis }));
    expect(readinessOf(withHealth)).toEqual({ redis });
    expect(readinessOf(express())).toEqual({});
  });
});
