import { startTestDatabase, type TestDatabase } from '@ticketing/common/testing';
// Registered before the database starts so that their indexes (the ticket lock above all) exist in every test.
import '../models/order';
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
