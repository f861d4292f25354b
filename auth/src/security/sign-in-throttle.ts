import { TooManyRequestsError, counter } from '@ticketing/common';
import { SignInFailure } from '../models/sign-in-failure';
import type { SignInLimits } from './sign-in-limits';
import { Purger, purgeExpired, secondsUntilRoom, type WindowLimit } from './sliding-window';

export interface SignInSource {
  email: string;
  ip: string;
}

/** Which limit: one account from one address, or one address (the metric's label, never the key itself). */
type LimitKind = 'account_address' | 'ip';

const refusals = counter(
  'signin_throttle_refusals_total',
  'Sign-in attempts refused (429) for too many recent failures, by the limit reached (account_address, ip)',
  ['limit'],
);

export const accountAddressKey = (email: string, ip: string) => `account:${email}|ip:${ip}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Deletes the failures that fell out of the window. */
export const purgeExpiredFailures = (windowMs: number, now = Date.now()) =>
  purgeExpired(SignInFailure, windowMs, now);

/**
 * Limits failed sign-ins per (account, address) pair and per client address. An attempt is written as a failure
 * BEFORE the password is checked and then counted, so a burst of parallel guesses cannot all pass a check made
 * before any of them failed. The record is withdrawn when the attempt succeeds, is refused, or breaks, so only
 * real failures remain. The price: attempts in flight count too, so near the limit a burst is refused early.
 */
export class SignInThrottle {
  private readonly purger: Purger;

  constructor(private readonly limits: SignInLimits) {
    this.purger = new Purger(SignInFailure, limits.windowMs, limits.purgeIntervalMs);
  }

  /**
   * Runs check under the limits: it gives what the credentials identify, or null when they are wrong (which
   * counts as a failure). Throws TooManyRequestsError, without running check, when over a limit.
   */
  async attempt<T>(source: SignInSource, check: () => Promise<T | null>): Promise<T | null> {
    await this.purger.purgeIfDue();
    const { windowMs } = this.limits;
    const limits: (WindowLimit & { kind: LimitKind })[] = [
      {
        kind: 'account_address',
        key: accountAddressKey(source.email, source.ip),
        limit: this.limits.accountAddressFailures,
        windowMs,
      },
      { kind: 'ip', key: ipKey(source.ip), limit: this.limits.ipFailures, windowMs },
    ];
    const at = new Date();
    const records = await SignInFailure.insertMany(limits.map(({ key }) => ({ key, at })));
    const ids = records.map((record) => record._id);
    let failed = false;
    try {
      for (const limit of limits) {
        const retryAfter = await secondsUntilRoom(SignInFailure, limit, ids, at);
        if (retryAfter > 0) {
          refusals.inc({ limit: limit.kind });
          throw new TooManyRequestsError('Too many failed sign-in attempts; try again later', retryAfter);
        }
      }
      const result = await check();
      failed = result === null;
      return result;
    } finally {
      if (!failed) await SignInFailure.deleteMany({ _id: { $in: ids } });
    }
  }
}
