export { FakeBus } from '../bus/fake-bus';
export { startTestDatabase, useTestDatabase, type TestDatabase } from './database';
export { sessionCookieFor, fakeUser, TEST_JWT_KEY } from './session';
export { expectIndexedQueries, indexServing, type QueryShape } from './indexes';
export { metricValue } from './metrics';
export { mountedApiRoutes, documentedApiRoutes } from './api-routes';
