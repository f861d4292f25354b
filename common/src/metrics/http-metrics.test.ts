import { Router } from 'express';
import request from 'supertest';
import { createApp } from '../http/create-app';
import { TEST_SESSION_KEYS } from '../testing/session';
import { metricValue } from '../testing/metrics';

const DURATION = 'ticketing_http_request_duration_seconds_count';

function app() {
  const things = Router();
  things.get('/api/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  things.post('/api/things', () => {
    throw new Error('boom');
  });
  // A router mounted under a path inside another: the label joins both.
  const inner = Router();
  inner.get('/:partId', (_req, res) => {
    res.status(204).end();
  });
  const outer = Router();
  outer.use('/api/parts', inner);
  return createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [things, outer], readiness: {} });
}

describe('HTTP metrics', () => {
  it('when a route answers, then its duration is counted under the route template and status, never the id', async () => {
    const server = app();
    const labels = { method: 'GET', route: '/api/things/:id', status: '200' };
    const before = await metricValue(DURATION, labels);

    await request(server).get('/api/things/64b7f0c2a1b2c3d4e5f60718').expect(200);
    await request(server).get('/api/things/another-id').expect(200);

    expect(await metricValue(DURATION, labels)).toBe(before + 2);
    const scrape = (await request(server).get('/metrics').expect(200)).text;
    expect(scrape).not.toContain('64b7f0c2a1b2c3d4e5f60718');
    expect(scrape).not.toContain('another-id');
  });

  it('when a request matches no route, then it is counted as unmatched with its 404', async () => {
    const server = app();
    const labels = { route: 'unmatched', status: '404' };
    const before = await metricValue(DURATION, labels);

    await request(server).get('/api/nothing/123').expect(404);
    await request(server).get('/wp-login.php').expect(404);

    expect(await metricValue(DURATION, labels)).toBe(before + 2);
  });

  it('when a handler fails, then the 500 is counted under its route', async () => {
    const server = app();
    const labels = { method: 'POST', route: '/api/things', status: '500' };
    const before = await metricValue(DURATION, labels);

    await request(server).post('/api/things').send({}).expect(500);

    expect(await metricValue(DURATION, labels)).toBe(before + 1);
  });

  it('when a router is mounted under a path, then the label is the mount path joined to the route', async () => {
    const server = app();
    const labels = { route: '/api/parts/:partId', status: '204' };
    const before = await metricValue(DURATION, labels);

    await request(server).get('/api/parts/42').expect(204);

    expect(await metricValue(DURATION, labels)).toBe(before + 1);
  });

  it('when probes and scrapes come, then they are not counted as requests', async () => {
    const server = app();
    const before = await metricValue(DURATION);

    await request(server).get('/healthz').expect(200);
    await request(server).get('/readyz').expect(200);
    await request(server).get('/metrics').expect(200);

    expect(await metricValue(DURATION)).toBe(before);
  });

  it('when /metrics is scraped, then it answers the Prometheus text format with process metrics and the service label', async () => {
    const server = app();
    await request(server).get('/api/things/1').expect(200);

    const res = await request(server).get('/metrics').expect(200);

    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE ticketing_http_request_duration_seconds histogram');
    expect(res.text).toMatch(/^process_cpu_user_seconds_total\{service="[^"]+"\} /m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds\{service="[^"]+"\} /m);
  });
});
