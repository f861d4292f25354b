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

/** How many documents of one model this process remembers as it last wrote or read them. */
const KNOWN_COPIES_PER_MODEL = 10_000;

/**
 * The last copy of each recently changed document this process knows (outbox left out), per model, the least
 * recently used dropped first. A change starts from it instead of reading the document: its write is conditioned
 * on the copy's version, and each version of a document is written once (every change moves the version by one
 * with a conditional write), so a write that matches proves the copy was the document as it stood. A copy that
 * is out of date (another replica wrote, or the answer to a write was lost) costs only the read it was to save.
 */
let knownCopies = new WeakMap<object, Map<string, Versioned>>();

function copiesOf(model: object): Map<string, Versioned> {
  let copies = knownCopies.get(model);
  if (!copies) {
    copies = new Map();
    knownCopies.set(model, copies);
  }
  return copies;
}

/** Nested plain objects and arrays frozen too, so that no decision can change a remembered copy in place. */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (value !== null && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Remembers a document as the database now holds it (just inserted, or just read): the next change of it in
 * this process needs no read first. Its pending events are left out (the relay changes those).
 */
export function rememberVersioned<T extends Versioned>(model: Model<T>, document: T): void {
  const { pendingEvents: _pending, ...copy } = document as T & { pendingEvents?: unknown };
  const copies = copiesOf(model);
  const key = String(document._id);
  copies.delete(key);
  copies.set(key, deepFreeze(copy as Versioned));
  if (copies.size > KNOWN_COPIES_PER_MODEL) copies.delete(copies.keys().next().value!);
}

/** Forgets every remembered copy: for tests that empty a database and may meet the same ids again. */
export function forgetVersioned(): void {
  knownCopies = new WeakMap();
}

/** The copy after a write: `set`'s fields (dotted paths included) applied, at `version`. */
function afterSet<T extends Versioned>(copy: T, set: Record<string, unknown>, version: number): T {
  const next: Record<string, unknown> = { ...(copy as object), version };
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split('.');
    let target = next;
    for (const key of keys.slice(0, -1)) {
      const child = { ...(target[key] as Record<string, unknown> | undefined) };
      target[key] = child;
      target = child;
    }
    target[keys[keys.length - 1]!] = value;
  }
  return next as T;
}

/**
 * One change of one aggregate as a single conditional write: take the document as this process last knew it
 * (or read it), let `decide` look at it (null when it does not exist), and write only if the document is still
 * at that version. Losing that race means someone else changed it first: read again and decide again, for a
 * bounded time. A decision from a remembered copy counts only if its write succeeds: one that writes nothing or
 * throws is made again from a fresh read, since nothing proved the copy current. `decide` must have no effect of
 * its own: it may run several times. Every write moves the version by one, so the version is also the
 * document's change count.
 */
export async function changeVersioned<T extends Versioned, R>(
  model: Model<T>,
  id: Types.ObjectId | string,
  decide: (current: T | null, nextVersion: number) => Change<R> | Promise<Change<R>>,
  { maxWaitMs = 2_000, what = model.modelName }: ChangeOptions = {},
): Promise<R> {
  const deadline = Date.now() + maxWaitMs;
  const copies = copiesOf(model);
  const key = String(id);
  for (let attempt = 0; ; attempt += 1) {
    const known = copies.get(key) as T | undefined;
    const current = known ?? (await model.findById(id).select({ pendingEvents: 0 }).lean<T>());
    const nextVersion = (current?.version ?? 0) + 1;
    let change: Change<R>;
    try {
      change = await decide(current, nextVersion);
    } catch (err) {
      copies.delete(key);
      if (known) continue;
      throw err;
    }
    const writes = change.set !== undefined || change.events !== undefined;
    if (!writes || !current) {
      if (known) {
        copies.delete(key);
        continue;
      }
      if (current) rememberVersioned(model, current);
      return change.result;
    }
    const events = change.events ?? [];
    const update = {
      $set: { ...change.set, version: nextVersion },
      ...(events.length > 0 ? { $push: { pendingEvents: { $each: events } } } : {}),
    } as UpdateQuery<T>;
    const filter = { _id: current._id, version: current.version } as QueryFilter<T>;
    copies.delete(key);
    const { matchedCount } = await model.updateOne(filter, update);
    if (matchedCount === 1) {
      rememberVersioned(model, afterSet(current, change.set ?? {}, nextVersion));
      if (events.length > 0) announcePending(model.collection.collectionName, current._id, events);
      return change.result;
    }
    // An out-of-date copy is not a lost race: read at once.
    if (known) continue;
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
 * Inserts a new aggregate together with the events its creation raised (already in its outbox), remembers it for
 * its next change, and wakes the relay. A duplicate-key error (a unique claim already taken) reaches the caller
 * unchanged.
 */
export async function insertWithEvents<
  D extends Versioned & {
    save(): Promise<unknown>;
    toObject(): unknown;
    collection: { collectionName: string };
  },
>(document: D): Promise<D> {
  await document.save();
  const stored = document.toObject() as Versioned & { pendingEvents?: PendingEvent[] };
  rememberVersioned(document.constructor as Model<Versioned>, stored);
  announcePending(document.collection.collectionName, document._id, stored.pendingEvents ?? []);
  return document;
}
