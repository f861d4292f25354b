import { documentedApiRoutes, mountedApiRoutes, TEST_JWT_KEY } from '@ticketing/common/testing';
import { buildApp } from './app';

describe('the API contract', () => {
  it('when the app is built, then it answers exactly the operations the OpenAPI document gives orders', () => {
    const app = buildApp({
      jwtKey: TEST_JWT_KEY,
      bus: { isConnected: () => true },
      expirationWindowSeconds: 900,
      maxOpenOrders: 5,
    });
    expect(mountedApiRoutes(app)).toEqual(documentedApiRoutes('orders'));
  });
});
