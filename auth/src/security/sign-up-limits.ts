/** Sign-ups one client address may make in an hour (`SIGNUP_LIMIT_PER_ADDRESS`): no farm of free accounts. */
export const SIGN_UPS_PER_ADDRESS = 20;
/** Sign-ups the whole site takes in a minute (`SIGNUP_LIMIT_PER_MINUTE`), from every address together. */
export const SIGN_UPS_PER_MINUTE = 300;

export interface SignUpLimits {
  perAddress: number;
  addressWindowMs: number;
  perMinute: number;
  siteWindowMs: number;
  purgeIntervalMs: number;
}

export const DEFAULT_SIGN_UP_LIMITS: SignUpLimits = {
  perAddress: SIGN_UPS_PER_ADDRESS,
  addressWindowMs: 60 * 60 * 1000,
  perMinute: SIGN_UPS_PER_MINUTE,
  siteWindowMs: 60 * 1000,
  purgeIntervalMs: 60 * 1000,
};
