import request from 'supertest';
import { documentedApiRoutes, mountedApiRoutes, TEST_SESSION_KEYS } from '@ticketing/common/testing';
import { buildApp } from './app';

const app = () =>
  buildApp({
    sessionKeys: TEST_SESSION_KEYS,
    bus: { isConnected: () => true },
    expirationWindowSeconds: 900,
    maxOpenOrders: 5,
  });

describe('the API contract', () => {
  it('when the app is built, then it answers exactly the operations the OpenAPI document gives orders', () => {
    expect(mountedApiRoutes(app())).toEqual(documentedApiRoutes('orders'));
  });

  // Found by schemathesis (allow_header_conformance, unsupported_method): OPTIONS left DELETE out, PUT was a 404.
  it('when an order path is asked with OPTIONS or a method it lacks, then Allow lists GET and DELETE', async () => {
    const path = '/api/orders/65a1f0c2e4b0a1b2c3d4e5f6';
    expect((await request(app()).options(path)).headers.allow).toBe('DELETE, GET, HEAD, OPTIONS');
    const put = await request(app()).put(path);
    expect([put.status, put.headers.allow]).toEqual([405, 'DELETE, GET, HEAD, OPTIONS']);
  });
});
