import { startTestDatabase, type TestDatabase } from '@ticketing/common/testing';
// Registered before the database starts, so their indexes (the unique email above all) exist in every test.
import '../models/user';
import '../models/sign-in-failure';

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
});

beforeEach(async () => {
  await database.clear();
});

afterAll(async () => {
  await database.stop();
});
