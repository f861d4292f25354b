import { documentedApiRoutes, mountedApiRoutes, TEST_SESSION_KEYS } from '@ticketing/common/testing';
import { buildApp } from './app';

describe('the API contract', () => {
  it('when the app is built, then it answers exactly the operations the OpenAPI document gives tickets', () => {
    const app = buildApp({ sessionKeys: TEST_SESSION_KEYS, bus: { isConnected: () => true } });
    expect(mountedApiRoutes(app)).toEqual(documentedApiRoutes('tickets'));
  });
});
