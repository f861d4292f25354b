import type { Types } from 'mongoose';
import { TooManyRequestsError, counter } from '@ticketing/common';
import { SignUpAttempt } from '../models/sign-up-attempt';
import type { SignUpLimits } from './sign-up-limits';
import { Purger, secondsUntilRoom, type WindowLimit } from './sliding-window';

/** Which limit: one client address, or the whole site (the metric's label). */
type LimitKind = 'address' | 'site';

const refusals = counter(
  'signup_throttle_refusals_total',
  'Sign-ups refused (429) for too many recent ones, by the limit reached (address, site)',
  ['limit'],
);

export const signUpAddressKey = (ip: string) => `ip:${ip}`;
export const SITE_KEY = 'site';

const MESSAGES: Record<LimitKind, string> = {
  address: 'Too many sign-ups from this address; try again later',
  site: 'Too many sign-ups right now; try again later',
};

/** Withdraws an admitted attempt, for when the server rather than the client turned it away. */
export type Withdraw = () => Promise<void>;

/**
 * Limits sign-up attempts per client address and for the whole site, in sliding windows stored in the database
 * (replicas share them). Every admitted attempt counts, "Email in use" included, which also slows probing for
 * accounts. The attempt is recorded before counting, as sign-in failures are, so a burst cannot slip past (the
 * price: attempts in flight count too, so a burst near a limit is refused early rather than let past it).
 */
export class SignUpThrottle {
  private readonly purger: Purger;

  constructor(private readonly limits: SignUpLimits) {
    const longest = Math.max(limits.addressWindowMs, limits.siteWindowMs);
    this.purger = new Purger(SignUpAttempt, longest, limits.purgeIntervalMs);
  }

  /** Records an attempt from ip, or throws TooManyRequestsError (recording nothing) when over a limit. */
  async admit(ip: string): Promise<Withdraw> {
    await this.purger.purgeIfDue();
    const limits: (WindowLimit & { kind: LimitKind })[] = [
      {
        kind: 'address',
        key: signUpAddressKey(ip),
        limit: this.limits.perAddress,
        windowMs: this.limits.addressWindowMs,
      },
      { kind: 'site', key: SITE_KEY, limit: this.limits.perMinute, windowMs: this.limits.siteWindowMs },
    ];
    const ids: Types.ObjectId[] = [];
    const withdraw = async () => {
      await SignUpAttempt.deleteMany({ _id: { $in: ids } });
    };
    // One limit after the other: an address over its own limit never adds to the site's count, so its flood
    // cannot crowd out everyone else's sign-ups.
    for (const limit of limits) {
      const at = new Date();
      const { _id } = await SignUpAttempt.create({ key: limit.key, at });
      ids.push(_id);
      const retryAfter = await secondsUntilRoom(SignUpAttempt, limit, [_id], at);
      if (retryAfter > 0) {
        await withdraw();
        refusals.inc({ limit: limit.kind });
        throw new TooManyRequestsError(MESSAGES[limit.kind], retryAfter);
      }
    }
    return withdraw;
  }
}
