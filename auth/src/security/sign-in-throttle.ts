import type { Types } from 'mongoose';
// Aliased: `counter` names the failure counters below.
import { TooManyRequestsError, counter as metricCounter, logger } from '@ticketing/common';
import { SignInFailure } from '../models/sign-in-failure';
import type { SignInLimits } from './sign-in-limits';

export interface SignInSource {
  email: string;
  ip: string;
}

interface Counter {
  /** Which limit: per account or per client address (the metric's label, never the key itself). */
  kind: 'account' | 'ip';
  key: string;
  limit: number;
}

const refusals = metricCounter(
  'signin_throttle_refusals_total',
  'Sign-in attempts refused (429) for too many recent failures, by the limit reached (account, ip)',
  ['limit'],
);

export const accountKey = (email: string) => `account:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Deletes the failures that fell out of the window. */
export async function purgeExpiredFailures(windowMs: number, now = Date.now()): Promise<number> {
  const { deletedCount } = await SignInFailure.deleteMany({ at: { $lte: new Date(now - windowMs) } });
  return deletedCount;
}

/**
 * Limits failed sign-ins per account and per client address. An attempt is written as a failure BEFORE the
 * password is checked and then counted, so a burst of parallel guesses cannot all pass a check made before
 * any of them failed: every attempt that proceeds has seen the ones that proceeded before it. The record is
 * withdrawn when the attempt succeeds, is refused, or breaks, so only real failures remain. The price: attempts
 * still in flight count too, so near the limit a parallel burst is refused early rather than allowed past it.
 */
export class SignInThrottle {
  private lastPurge = 0;

  constructor(private readonly limits: SignInLimits) {}

  /**
   * Runs check under the limits: it gives what the credentials identify, or null when they are wrong (which
   * counts as a failure). Throws TooManyRequestsError, without running check, when over a limit.
   */
  async attempt<T>(source: SignInSource, check: () => Promise<T | null>): Promise<T | null> {
    await this.purgeIfDue();
    const counters: Counter[] = [
      { kind: 'account', key: accountKey(source.email), limit: this.limits.accountFailures },
      { kind: 'ip', key: ipKey(source.ip), limit: this.limits.ipFailures },
    ];
    const at = new Date();
    const records = await SignInFailure.insertMany(counters.map(({ key }) => ({ key, at })));
    const ids = records.map((record) => record._id);
    let failed = false;
    try {
      for (const counter of counters) await this.refuseWhenOverLimit(counter, ids, at);
      const result = await check();
      failed = result === null;
      return result;
    } finally {
      if (!failed) await SignInFailure.deleteMany({ _id: { $in: ids } });
    }
  }

  private async refuseWhenOverLimit(counter: Counter, ownIds: Types.ObjectId[], at: Date): Promise<void> {
    const windowStart = new Date(at.getTime() - this.limits.windowMs);
    const inWindow = { key: counter.key, at: { $gt: windowStart } };
    // Counts this attempt too: it is refused when the failures before it already reach the limit.
    const count = await SignInFailure.countDocuments(inWindow);
    if (count <= counter.limit) return;
    // Sliding window: allowed again once enough of the older failures have aged out.
    const freeing = await SignInFailure.find({ ...inWindow, _id: { $nin: ownIds } })
      .sort({ at: 1, _id: 1 })
      .skip(Math.max(0, count - 1 - counter.limit))
      .limit(1)
      .select('at')
      .lean();
    const freedAt = (freeing[0]?.at.getTime() ?? at.getTime()) + this.limits.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freedAt - Date.now()) / 1000));
    refusals.inc({ limit: counter.kind });
    throw new TooManyRequestsError('Too many failed sign-in attempts; try again later', retryAfterSeconds);
  }

  private async purgeIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < this.limits.purgeIntervalMs) return;
    this.lastPurge = now;
    try {
      await purgeExpiredFailures(this.limits.windowMs, now);
    } catch (err) {
      // Expired failures are outside every count anyway; purging is housekeeping and may wait for next time.
      logger.warn({ err }, 'could not purge expired sign-in failures');
    }
  }
}
