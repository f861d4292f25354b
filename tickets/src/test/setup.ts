import { startTestDatabase, type TestDatabase } from '@ticketing/common/testing';
// Registered before the database starts, so its indexes are built for every test file.
import '../models/ticket';

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase();
});

beforeEach(async () => {
  await db.clear();
});

afterAll(async () => {
  await db.stop();
});
