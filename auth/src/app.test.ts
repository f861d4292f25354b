import request from 'supertest';
import { testApp } from './test/users';

const app = testApp();

describe('the auth app', () => {
  it('when any response is sent, then it carries the security headers and no X-Powered-By', async () => {
    const res = await request(app).get('/api/users/currentuser');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when the body is larger than 16kb, then it answers 413 in the error shape', async () => {
    const res = await request(app)
      .post('/api/users/signup')
      .send({ email: 'big@example.com', password: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: [{ message: 'Request body too large' }] });
  });

  it('when the body is malformed JSON, then it answers 400 in the error shape', async () => {
    const res = await request(app)
      .post('/api/users/signin')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@example.com", "password": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON in request body' }] });
  });

  it('when the route is unknown, then it answers 404 in the error shape', async () => {
    const res = await request(app).get('/api/users/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found' }] });
  });

  // Was a 404 until schemathesis' unsupported_method check: a path that exists answers other methods with 405.
  it('when a known path is called with another method, then it answers 405 naming the methods it has', async () => {
    const res = await request(app).get('/api/users/signin');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('OPTIONS, POST');
    expect(res.body).toEqual({ errors: [{ message: 'Method not allowed' }] });
  });

  it('when the database is connected, then /healthz and /readyz answer 200 and readiness names it', async () => {
    expect((await request(app).get('/healthz')).status).toBe(200);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: true } });
  });
});
