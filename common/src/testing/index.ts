export { FakeBus } from '../bus/fake-bus';
export { startTestDatabase, type TestDatabase } from './database';
export { sessionCookieFor, fakeUser, TEST_JWT_KEY } from './session';
