import { documentedApiRoutes, mountedApiRoutes, TEST_JWT_KEY } from '@ticketing/common/testing';
import { buildApp } from './app';

describe('the API contract', () => {
  it('when the app is built, then it answers exactly the operations the OpenAPI document gives auth', () => {
    expect(mountedApiRoutes(buildApp({ jwtKey: TEST_JWT_KEY }))).toEqual(documentedApiRoutes('auth'));
  });
});
