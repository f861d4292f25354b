import { startTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import '../models/order';
import '../models/charge';

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
