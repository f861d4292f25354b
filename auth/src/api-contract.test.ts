import {
  documentedApiRoutes,
  mountedApiRoutes,
  TEST_SESSION_KEYS,
  TEST_SESSION_SIGNER,
} from '@ticketing/common/testing';
import { buildApp } from './app';

describe('the API contract', () => {
  it('when the app is built, then it answers exactly the operations the OpenAPI document gives auth', () => {
    expect(
      mountedApiRoutes(buildApp({ sessionKeys: TEST_SESSION_KEYS, sessionSigner: TEST_SESSION_SIGNER })),
    ).toEqual(documentedApiRoutes('auth'));
  });
});
