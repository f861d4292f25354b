import type { Model, Types } from 'mongoose';
import { logger } from '@ticketing/common';
import type { WindowEntryAttrs } from '../models/window-entry';

export type WindowModel = Model<WindowEntryAttrs>;

export interface WindowLimit {
  key: string;
  /** Entries allowed inside the window. */
  limit: number;
  windowMs: number;
}

/**
 * Seconds until the window of `limit.key` has room again, or 0 when it has room now. The caller's own entries
 * (`ownIds`, inserted at `at` before counting) are in the count, so a parallel burst cannot pass a count made
 * before any of it was written.
 */
export async function secondsUntilRoom(
  entries: WindowModel,
  { key, limit, windowMs }: WindowLimit,
  ownIds: Types.ObjectId[],
  at: Date,
): Promise<number> {
  const inWindow = { key, at: { $gt: new Date(at.getTime() - windowMs) } };
  const count = await entries.countDocuments(inWindow);
  if (count <= limit) return 0;
  // Sliding window: there is room again once enough of the older entries have aged out.
  const freeing = await entries
    .find({ ...inWindow, _id: { $nin: ownIds } })
    .sort({ at: 1, _id: 1 })
    .skip(Math.max(0, count - 1 - limit))
    .limit(1)
    .select('at')
    .lean();
  const freedAt = (freeing[0]?.at.getTime() ?? at.getTime()) + windowMs;
  return Math.max(1, Math.ceil((freedAt - Date.now()) / 1000));
}

/** Deletes the entries older than the window. */
export async function purgeExpired(
  entries: WindowModel,
  windowMs: number,
  now = Date.now(),
): Promise<number> {
  const { deletedCount } = await entries.deleteMany({ at: { $lte: new Date(now - windowMs) } });
  return deletedCount;
}

/** Purges at most once an interval per process; a failed purge waits for the next one. */
export class Purger {
  private last = 0;

  constructor(
    private readonly entries: WindowModel,
    private readonly windowMs: number,
    private readonly intervalMs: number,
  ) {}

  async purgeIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    try {
      await purgeExpired(this.entries, this.windowMs, now);
    } catch (err) {
      // Expired entries are outside every count anyway; purging is housekeeping.
      logger.warn({ err, collection: this.entries.collection.name }, 'could not purge expired entries');
    }
  }
}
