import { randomUUID } from 'node:crypto';
import mongoose, { type Collection } from 'mongoose';

/**
 * Why this exists: the MongoDB-compatible server used where no mongod is available (FerretDB) runs every
 * update as "read, then write by _id", so a conditional update is not atomic and two concurrent writers of
 * one document can both win or overwrite each other. Inserting a unique _id is atomic everywhere. Every
 * read-modify-write of an aggregate therefore runs under this lock, a lease document whose _id names the
 * aggregate. A holder that crashed leaves a lease that expires; exactly one waiter then takes it over,
 * decided by another unique insert.
 */
interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`timed out waiting for the lock on ${key}`);
  }
}

export interface LockOptions {
  /** How long a holder may keep the lock before others may take it over. */
  leaseMs?: number;
  /** How long to wait for the lock before giving up. */
  waitMs?: number;
}

const DUPLICATE_KEY = 11000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

function locks(): Collection<LockDocument> {
  return mongoose.connection.collection<LockDocument>('document_locks');
}

/** The lock key of one document: its collection and id. */
export function documentLockKey(collection: { collectionName: string }, id: unknown): string {
  return `${collection.collectionName}:${String(id)}`;
}

async function acquire(key: string, { leaseMs = 30_000, waitMs = 15_000 }: LockOptions): Promise<string> {
  const owner = randomUUID();
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await locks().insertOne({ _id: key, owner, expiresAt: new Date(Date.now() + leaseMs) });
      return owner;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const held = await locks().findOne({ _id: key });
    if (held && held.expiresAt.getTime() < Date.now()) {
      try {
        // Only one waiter can record the takeover of this particular stale lease.
        await locks().insertOne({ _id: `${key}#takeover#${held.owner}`, owner, expiresAt: new Date() });
        await locks().deleteOne({ _id: key, owner: held.owner });
        continue;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    if (Date.now() > deadline) throw new LockTimeoutError(key);
    await sleep(Math.min(2 + attempt * 2, 25) * (0.5 + Math.random()));
  }
}

/** Runs fn while holding the lock named by key; the lock is released however fn ends. */
export async function withLock<T>(key: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const owner = await acquire(key, options);
  try {
    return await fn();
  } finally {
    await locks().deleteOne({ _id: key, owner });
  }
}

/** Runs fn while holding the lock of one document of a model. */
export function withDocumentLock<T>(
  model: { collection: { collectionName: string } },
  id: unknown,
  fn: () => Promise<T>,
  options?: LockOptions,
): Promise<T> {
  return withLock(documentLockKey(model.collection, id), fn, options);
}
