import mongoose, { Schema } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { applyIfNewer, BusyError, changeVersioned, forgetVersioned, rememberVersioned } from './versioned';

interface Counter {
  _id: mongoose.Types.ObjectId;
  value: number;
  writers: string[];
  version: number;
}
const Counter = mongoose.model<Counter>(
  'VersionedCounter',
  new Schema<Counter>({ value: Number, writers: [String], version: Number }, { versionKey: false }),
);

interface Copy {
  _id: mongoose.Types.ObjectId;
  label: string;
  version: number;
}
const Copy = mongoose.model<Copy>(
  'VersionedCopy',
  new Schema<Copy>({ label: String, version: Number }, { versionKey: false }),
);

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());
beforeEach(() => db.clear());

// A long wait: what is tested is that no write is lost, not how fast 50 contenders get through.
const increment = (id: mongoose.Types.ObjectId, writer: string) =>
  changeVersioned(
    Counter,
    id,
    (current) => {
      if (!current) throw new Error('missing');
      return { result: writer, set: { value: current.value + 1, writers: [...current.writers, writer] } };
    },
    { maxWaitMs: 60_000 },
  );

describe('changeVersioned', () => {
  it('when 50 writers change one document at once, then no change is lost and each is one version', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, n) => increment(_id, `w${n}`)));
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    const final = await Counter.findById(_id).lean();
    expect(succeeded).toBe(50);
    expect(final?.value).toBe(50);
    expect(final?.version).toBe(50);
    expect(new Set(final?.writers).size).toBe(50);
  });

  it('when this process made the last change of a document, then its next change writes without reading it', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    await increment(_id, 'first');
    const findById = jest.spyOn(Counter, 'findById');
    try {
      await increment(_id, 'second');
      expect(findById).not.toHaveBeenCalled();
    } finally {
      findById.mockRestore();
    }
    expect(await Counter.findById(_id).lean()).toMatchObject({ value: 2, version: 2 });
  });

  it('when another process changed the document since, then the change reads it and decides on it as it stands', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    await increment(_id, 'here');
    // Another replica's change: conditioned on the version and moving it, as every change is.
    await Counter.updateOne({ _id, version: 1 }, { $set: { value: 10 }, $inc: { version: 1 } });
    await increment(_id, 'here again');
    expect(await Counter.findById(_id).lean()).toMatchObject({ value: 11, version: 3 });
  });

  it('when a remembered copy is out of date and the decision on it writes nothing or throws, then it is decided again on a fresh read', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    await increment(_id, 'here');
    await Counter.updateOne({ _id, version: 1 }, { $set: { value: 5 }, $inc: { version: 1 } });
    // Nothing written: the answer must still be the document's, not the remembered copy's.
    await expect(changeVersioned(Counter, _id, (current) => ({ result: current?.value }))).resolves.toBe(5);
    forgetVersioned();
    await increment(_id, 'here');
    await Counter.updateOne({ _id, version: 3 }, { $set: { value: 0 }, $inc: { version: 1 } });
    const refuseZero = (current: Counter | null) => {
      if (!current || current.value === 0) return { result: 'zero' };
      throw new Error(`not zero: ${current.value}`);
    };
    await expect(changeVersioned(Counter, _id, refuseZero)).resolves.toBe('zero');
  });

  it('when a decision tries to change a remembered copy in place, then it fails without touching the copy', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    rememberVersioned(Counter, { _id, value: 0, writers: [], version: 0 });
    const mutate = (current: Counter | null) => {
      current!.writers.push('sneaky');
      return { result: current!.writers.length, set: { writers: current!.writers } };
    };
    // The frozen copy refuses; the decision then runs again on a fresh (unfrozen) read.
    await expect(changeVersioned(Counter, _id, mutate)).resolves.toBe(1);
    expect(await Counter.findById(_id).lean()).toMatchObject({ writers: ['sneaky'], version: 1 });
  });

  it('when the decision changes nothing, then nothing is written and the version stays', async () => {
    const { _id } = await Counter.create({ value: 7, writers: [], version: 3 });
    await expect(changeVersioned(Counter, _id, (current) => ({ result: current?.value }))).resolves.toBe(7);
    expect((await Counter.findById(_id).lean())?.version).toBe(3);
  });

  it('when the document does not exist, then decide sees null and nothing is written', async () => {
    const id = new mongoose.Types.ObjectId();
    await expect(changeVersioned(Counter, id, (current) => ({ result: current }))).resolves.toBeNull();
    expect(await Counter.countDocuments()).toBe(0);
  });

  it('when every attempt loses its race until the wait runs out, then it fails with BusyError and writes nothing of its own', async () => {
    const { _id } = await Counter.create({ value: 0, writers: [], version: 0 });
    // Someone else writes between each read and its conditional write.
    const interfering = changeVersioned(
      Counter,
      _id,
      async (current) => {
        await Counter.updateOne({ _id }, { $inc: { version: 1 } });
        return { result: 'mine', set: { value: (current?.value ?? 0) + 100 } };
      },
      { maxWaitMs: 50 },
    );
    await expect(interfering).rejects.toBeInstanceOf(BusyError);
    expect((await Counter.findById(_id).lean())?.value).toBe(0);
  });
});

describe('applyIfNewer', () => {
  it('when versions arrive out of order and twice, in parallel, then the copy ends at the newest', async () => {
    const id = new mongoose.Types.ObjectId();
    const versions = [3, 1, 5, 2, 5, 4, 1, 3, 2, 4];
    const outcomes = await Promise.all(
      versions.map((version) => applyIfNewer(Copy, id, version, { label: `v${version}` })),
    );
    expect(await Copy.findById(id).lean()).toEqual({ _id: id, label: 'v5', version: 5 });
    expect(outcomes).toContain('stale');
  });

  it('when the event is newer, then it is applied; when older or equal, then it is stale and changes nothing', async () => {
    const id = new mongoose.Types.ObjectId();
    await expect(applyIfNewer(Copy, id, 2, { label: 'two' })).resolves.toBe('applied');
    await expect(applyIfNewer(Copy, id, 2, { label: 'again' })).resolves.toBe('stale');
    await expect(applyIfNewer(Copy, id, 1, { label: 'old' })).resolves.toBe('stale');
    await expect(applyIfNewer(Copy, id, 3, { label: 'three' })).resolves.toBe('applied');
    expect(await Copy.findById(id).lean()).toEqual({ _id: id, label: 'three', version: 3 });
  });
});
