import { Router } from 'express';
import request from 'supertest';
import { createApp } from './create-app';
import { TEST_SESSION_KEYS } from '../testing/session';

// Found by schemathesis (unsupported_method, allow_header_conformance): one router per route, as the services
// have them, made Express answer OPTIONS from the first router only and other methods with 404.
function buildApp() {
  const show = Router().get('/api/things/:id', (_req, res) => {
    res.json({ shown: true });
  });
  const edit = Router().put('/api/things/:id', (_req, res) => {
    res.json({ edited: true });
  });
  const hook = Router().post('/api/hooks/stripe', (_req, res) => {
    res.json({ received: true });
  });
  return createApp({
    sessionKeys: TEST_SESSION_KEYS,
    routers: [show, edit],
    rawBodyRouters: [hook],
    readiness: {},
  });
}

describe('methods a path does not answer', () => {
  it('when a path is asked with OPTIONS, then Allow lists the methods of every router that has it', async () => {
    const res = await request(buildApp()).options('/api/things/abc');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, PUT');
    const hook = await request(buildApp()).options('/api/hooks/stripe');
    expect(hook.headers.allow).toBe('OPTIONS, POST');
  });

  it('when a known path is asked with another method, then 405 with Allow and the error shape', async () => {
    for (const method of ['delete', 'patch', 'trace'] as const) {
      const res = await request(buildApp())[method]('/api/things/abc');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, PUT');
      if (method !== 'trace') expect(res.body).toEqual({ errors: [{ message: 'Method not allowed' }] });
    }
  });

  it('when the path is unknown, then it stays a 404, whatever the method', async () => {
    expect((await request(buildApp()).delete('/api/nothing')).status).toBe(404);
    expect((await request(buildApp()).options('/api/nothing')).status).toBe(404);
  });

  it('when the method is one the path has, then the route answers as before (HEAD through GET)', async () => {
    const app = buildApp();
    expect((await request(app).get('/api/things/abc')).body).toEqual({ shown: true });
    expect((await request(app).put('/api/things/abc')).body).toEqual({ edited: true });
    expect((await request(app).head('/api/things/abc')).status).toBe(200);
  });
});
