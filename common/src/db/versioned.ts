import type { Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { HttpError } from '../errors/http-error';
import { announcePending, type PendingEvent } from '../outbox/outbox';
import { isDuplicateKeyError } from './duplicate-key';

/** An aggregate whose every write is conditioned on the version it read (optimistic concurrency). */
export interface Versioned {
  _id: Types.ObjectId;
  version: number;
}

/**
 * What a decision does: always a result for the caller; a write only when `set` or `events` is given. A write
 * sets the fields, moves the version to `nextVersion` and appends the events to the document's outbox.
 */
export interface Change<R> {
  result: R;
  set?: Record<string, unknown>;
  events?: PendingEvent[];
}

/** The write kept losing to others for longer than the caller may wait: a clean 503, never a lost update. */
export class BusyError extends HttpError {
  readonly retryAfterSeconds = 1;

  constructor(what: string) {
    super(503, `${what} is busy; please try again`);
  }
}

export interface ChangeOptions {
  /** How long to keep re-reading and retrying after losing a race (default 2 s, well inside any ack wait). */
  maxWaitMs?: number;
  /** Names the aggregate in the BusyError. */
  what?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One change of one aggregate as a single conditional write: read it, let `decide` look at it (null when it
 * does not exist), and write only if the document is still at the version read. Losing that race means
 * someone else changed it first: read again and decide again, for a bounded time. `decide` must have no
 * effect of its own: it may run several times. Every write moves the version by one, so the version is also
 * the document's change count.
 */
export async function changeVersioned<T extends Versioned, R>(
  model: Model<T>,
  id: Types.ObjectId | string,
  decide: (current: T | null, nextVersion: number) => Change<R> | Promise<Change<R>>,
  { maxWaitMs = 2_000, what = model.modelName }: ChangeOptions = {},
): Promise<R> {
  const deadline = Date.now() + maxWaitMs;
  for (let attempt = 0; ; attempt += 1) {
    const current = await model.findById(id).select({ pendingEvents: 0 }).lean<T>();
    const nextVersion = (current?.version ?? 0) + 1;
    const change = await decide(current, nextVersion);
    if (!current || (change.set === undefined && change.events === undefined)) return change.result;
    const events = change.events ?? [];
    const update = {
      $set: { ...change.set, version: nextVersion },
      ...(events.length > 0 ? { $push: { pendingEvents: { $each: events } } } : {}),
    } as UpdateQuery<T>;
    const filter = { _id: current._id, version: current.version } as QueryFilter<T>;
    const { matchedCount } = await model.updateOne(filter, update);
    if (matchedCount === 1) {
      if (events.length > 0) announcePending(model.collection.collectionName, current._id);
      return change.result;
    }
    if (Date.now() >= deadline) throw new BusyError(what);
    // Contenders back off by different amounts, so one of them wins the next round.
    await sleep(Math.min(1 + attempt * 2, 25) * (0.5 + Math.random()));
  }
}

export type ApplyOutcome = 'applied' | 'stale';

/**
 * Applies a versioned event to a local copy (a replica): `updateOne({_id, version < v}, $set, upsert)`. When the
 * copy is already at v or newer, the filter matches nothing and the upsert's insert hits the _id index: that
 * duplicate-key error means "already newer". A duplicate key can also mean another event inserted the copy a
 * moment ago, so the write is tried once more against the copy that now exists.
 */
export async function applyIfNewer<T extends { version: number }>(
  model: Model<T>,
  id: Types.ObjectId | string,
  version: number,
  fields: Partial<Omit<T, '_id' | 'version'>>,
): Promise<ApplyOutcome> {
  const filter = { _id: id, version: { $lt: version } } as QueryFilter<T>;
  const update = { $set: { ...fields, version } } as UpdateQuery<T>;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await model.updateOne(filter, update, { upsert: true });
      return 'applied';
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if (attempt >= 2) return 'stale';
    }
  }
}

/**
 * Inserts a new aggregate together with the events its creation raised (already in its outbox) and wakes the
 * relay. A duplicate-key error (a unique claim already taken) reaches the caller unchanged.
 */
export async function insertWithEvents<D extends { _id: Types.ObjectId; save(): Promise<unknown> }>(
  document: D & { collection: { collectionName: string } },
): Promise<D> {
  await document.save();
  announcePending(document.collection.collectionName, document._id);
  return document;
}
