export { FakeBus } from '../bus/fake-bus';
export { startTestDatabase, useTestDatabase, type TestDatabase } from './database';
export {
  sessionCookieFor,
  sessionCookieWithToken,
  fakeUser,
  testSessionKeys,
  TEST_SESSION_KEYS,
  TEST_SESSION_SIGNER,
} from './session';
export { expectIndexedQueries, indexServing, type QueryShape } from './indexes';
export { metricValue } from './metrics';
export { mountedApiRoutes, documentedApiRoutes } from './api-routes';
