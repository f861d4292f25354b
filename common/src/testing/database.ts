import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectionOptions } from '../db/connect';

export interface TestDatabase {
  uri: string;
  /** Empties every collection (indexes stay). */
  clear(): Promise<void>;
  /** Drops the database and disconnects. */
  stop(): Promise<void>;
}

interface MemoryServer {
  getUri(): string;
  stop(): Promise<boolean>;
}

/**
 * Connects mongoose to a fresh database: on the server named by MONGO_URI when set (a database of its own per
 * test file), else on a mongodb-memory-server. Every registered model's indexes are built before it returns.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  let memoryServer: MemoryServer | undefined;
  let base = process.env.MONGO_URI;
  if (!base) {
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    memoryServer = await MongoMemoryServer.create();
    base = memoryServer.getUri();
  }
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  const uri = url.toString();
  mongoose.set('strictQuery', true);
  // The services' own connection options: every suite writes with the write concern production uses.
  await mongoose.connect(uri, { ...connectionOptions('majority'), serverSelectionTimeoutMS: 10_000 });
  await Promise.all(mongoose.modelNames().map((model) => mongoose.model(model).init()));
  return {
    uri,
    async clear() {
      const collections = await mongoose.connection.db!.collections();
      await Promise.all(collections.map((collection) => collection.deleteMany({})));
    },
    async stop() {
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      await memoryServer?.stop();
    },
  };
}

/**
 * For a jest setup file: a fresh database for the test file (started before all its tests, emptied before each,
 * dropped after all). Import the service's models before calling it, so their indexes exist from the start.
 */
export function useTestDatabase(): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  beforeEach(async () => {
    await database?.clear();
  });
  afterAll(async () => {
    await database?.stop();
  });
}
