import mongoose from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { withLock, LockTimeoutError } from './document-lock';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());

const counters = () => mongoose.connection.collection<{ _id: string; value: number }>('counters');

describe('withLock', () => {
  it('when 30 writers read-modify-write one document at once under the lock, then no update is lost', async () => {
    await counters().insertOne({ _id: 'c1', value: 0 });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        withLock('counters:c1', async () => {
          const current = await counters().findOne({ _id: 'c1' });
          await counters().updateOne({ _id: 'c1' }, { $set: { value: (current?.value ?? 0) + 1 } });
        }),
      ),
    );
    expect((await counters().findOne({ _id: 'c1' }))?.value).toBe(30);
  });

  it('when the holder crashed and left its lease, then one waiter takes it over after it expires', async () => {
    const locks = mongoose.connection.collection<{ _id: string; owner: string; expiresAt: Date }>(
      'document_locks',
    );
    await locks.insertOne({ _id: 'crashed', owner: 'dead-process', expiresAt: new Date(Date.now() - 1) });
    const results = await Promise.all([1, 2, 3].map((n) => withLock('crashed', async () => n)));
    expect(results).toEqual([1, 2, 3]);
    expect(await locks.findOne({ _id: 'crashed' })).toBeNull();
  });

  it('when the lock stays held past the wait limit, then it gives up with LockTimeoutError', async () => {
    let release!: () => void;
    const held = withLock('busy', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(withLock('busy', async () => 1, { waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    release();
    await held;
  });

  it('when fn throws, then the lock is released', async () => {
    await expect(withLock('throws', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withLock('throws', async () => 'again', { waitMs: 500 })).resolves.toBe('again');
  });
});
