import request from 'supertest';
import { FakeBus } from '@ticketing/common/testing';
import { buildApp } from './app';
import { waitFor } from './test/events';
import { redisUrl, useTestQueues } from './test/queues';
import { TcpProxy } from './test/tcp-proxy';

const queues = useTestQueues();

describe('health endpoints', () => {
  let proxy: TcpProxy;
  beforeEach(async () => {
    proxy = await TcpProxy.start(redisUrl());
  });
  afterEach(() => proxy.cut());

  async function setup() {
    const expirations = queues.open({ redisUrl: proxy.url });
    await expirations.queue.client.ping();
    const bus = new FakeBus('expiration-service');
    return { app: buildApp({ expirations, bus }), bus };
  }

  it('when Redis and the bus are up, then /healthz and /readyz answer 200', async () => {
    const { app } = await setup();

    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', checks: { redis: true }, dependencies: { bus: true } });
  });

  it('when Redis is down, then /readyz is 503 naming Redis while /healthz stays 200, until it is back', async () => {
    const { app } = await setup();

    await proxy.cut();
    await request(app)
      .get('/readyz')
      .expect(503, { status: 'not ready', checks: { redis: false }, dependencies: { bus: true } });
    await request(app).get('/healthz').expect(200);

    await proxy.restore();
    await waitFor(
      'readiness after Redis is back',
      async () => (await request(app).get('/readyz')).status === 200,
    );
  });

  it('when the bus is disconnected, then /readyz stays 200 and reports the bus', async () => {
    const { app, bus } = await setup();
    await bus.close();

    await request(app)
      .get('/readyz')
      .expect(200, { status: 'ready', checks: { redis: true }, dependencies: { bus: false } });
  });

  it('when /metrics is scraped, then it answers in the Prometheus text format', async () => {
    const { app } = await setup();

    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('when a route is unknown, then the answer is the platform JSON 404', async () => {
    const { app } = await setup();

    const res = await request(app).get('/api/expirations').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found' }] });
  });
});
