/**
 * Failed sign-ins allowed for one account from one client address inside the window; the next attempt from that
 * address is refused with 429. Counted per pair, so a stranger's failures never lock the owner out.
 */
export const ACCOUNT_ADDRESS_FAILURE_LIMIT = 10;
/** Failed sign-ins allowed from one client address inside the window (many users may share one NAT). */
export const IP_FAILURE_LIMIT = 100;
/** The sliding window failures are counted in. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** How often one process deletes failures older than the window. */
export const PURGE_INTERVAL_MS = 60 * 1000;

export interface SignInLimits {
  accountAddressFailures: number;
  ipFailures: number;
  windowMs: number;
  purgeIntervalMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  accountAddressFailures: ACCOUNT_ADDRESS_FAILURE_LIMIT,
  ipFailures: IP_FAILURE_LIMIT,
  windowMs: FAILURE_WINDOW_MS,
  purgeIntervalMs: PURGE_INTERVAL_MS,
};
