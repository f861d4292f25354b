import { metricValue } from '@ticketing/common/testing';
import { SignUpAttempt } from '../models/sign-up-attempt';
import { User } from '../models/user';
import { signUp, testApp, uniqueEmail } from '../test/users';
import { DEFAULT_SIGN_UP_LIMITS, SIGN_UPS_PER_ADDRESS } from './sign-up-limits';
import { SITE_KEY, signUpAddressKey } from './sign-up-throttle';
import { purgeExpired } from './sliding-window';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOUR_S = 60 * 60;

async function signUpTimes(app: ReturnType<typeof testApp>, times: number, address: string) {
  for (let i = 0; i < times; i += 1)
    expect((await signUp(app, uniqueEmail(), undefined, address)).status).toBe(201);
}

describe('sign-up limits', () => {
  it('when an address made 20 sign-ups in the hour, then the next is 429 with Retry-After; another address signs up', async () => {
    const app = testApp({ signUpLimits: DEFAULT_SIGN_UP_LIMITS });
    const address = '203.0.113.40';
    await signUpTimes(app, SIGN_UPS_PER_ADDRESS, address);

    const refused = await signUp(app, uniqueEmail(), undefined, address);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      errors: [{ message: 'Too many sign-ups from this address; try again later' }],
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(HOUR_S - 120);
    expect(retryAfter).toBeLessThanOrEqual(HOUR_S);
    expect((await signUp(app, uniqueEmail(), undefined, '203.0.113.41')).status).toBe(201);
    // A refused attempt is not recorded: the count stays at the limit.
    expect(await SignUpAttempt.countDocuments({ key: signUpAddressKey(address) })).toBe(SIGN_UPS_PER_ADDRESS);
  });

  it('when an address tries emails already in use, then those attempts count too (no free probing)', async () => {
    const app = testApp({ signUpLimits: { perAddress: 3 } });
    const address = '203.0.113.42';
    const taken = uniqueEmail();
    expect((await signUp(app, taken, undefined, address)).status).toBe(201);
    for (let i = 0; i < 2; i += 1) expect((await signUp(app, taken, undefined, address)).status).toBe(400);
    expect((await signUp(app, taken, undefined, address)).status).toBe(429);
  });

  it('when 30 sign-ups from one address arrive at once, then no more than the limit succeed and the rest get 429', async () => {
    const app = testApp({ signUpLimits: { perAddress: 5 } });
    const address = '203.0.113.43';
    const emails = Array.from({ length: 30 }, uniqueEmail);
    const statuses = (await Promise.all(emails.map((email) => signUp(app, email, undefined, address)))).map(
      (res) => res.status,
    );
    const created = statuses.filter((status) => status === 201).length;
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - created);
    expect(created).toBeLessThanOrEqual(5);
    expect(await User.countDocuments({ email: { $in: emails } })).toBe(created);
    // In-flight attempts count, so a burst may be refused early; sequential ones still get the rest.
    await signUpTimes(app, 5 - created, address);
    expect((await signUp(app, uniqueEmail(), undefined, address)).status).toBe(429);
  });

  it('when an address over its limit floods sign-ups, then the site limit is left for other addresses', async () => {
    const app = testApp({ signUpLimits: { perAddress: 2, perMinute: 5 } });
    const flooder = '203.0.113.45';
    await signUpTimes(app, 2, flooder);
    const flood = Array.from({ length: 30 }, () => signUp(app, uniqueEmail(), undefined, flooder));
    const others = [1, 2, 3].map((i) => signUp(app, uniqueEmail(), undefined, `198.51.100.${130 + i}`));

    expect((await Promise.all(flood)).map((res) => res.status)).toEqual(Array<number>(30).fill(429));
    expect((await Promise.all(others)).map((res) => res.status)).toEqual([201, 201, 201]);
    expect(await SignUpAttempt.countDocuments({ key: SITE_KEY })).toBe(5);
  });

  it('when the site took its sign-ups for the minute, then a fresh address is refused too, and counted', async () => {
    const app = testApp({ signUpLimits: { perMinute: 3 } });
    const before = await metricValue('ticketing_signup_throttle_refusals_total', { limit: 'site' });
    for (let i = 0; i < 3; i += 1) await signUpTimes(app, 1, `198.51.100.${110 + i}`);

    const refused = await signUp(app, uniqueEmail(), undefined, '198.51.100.120');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ errors: [{ message: 'Too many sign-ups right now; try again later' }] });
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await metricValue('ticketing_signup_throttle_refusals_total', { limit: 'site' })).toBe(before + 1);
  });

  it('when the window has passed, then the address signs up again', async () => {
    const app = testApp({ signUpLimits: { perAddress: 2, addressWindowMs: 1500 } });
    const address = '203.0.113.44';
    await signUpTimes(app, 2, address);
    const refused = await signUp(app, uniqueEmail(), undefined, address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);

    await sleep(1600);
    expect((await signUp(app, uniqueEmail(), undefined, address)).status).toBe(201);
  });

  it('when attempts are older than their window, then they are purged along the way and recent ones kept', async () => {
    const app = testApp({ signUpLimits: { purgeIntervalMs: 0 } });
    const hourAgo = Date.now() - DEFAULT_SIGN_UP_LIMITS.addressWindowMs - 1;
    await SignUpAttempt.insertMany([
      { key: 'ip:192.0.2.200', at: new Date(hourAgo) },
      { key: SITE_KEY, at: new Date(hourAgo) },
    ]);
    await signUp(app, uniqueEmail(), undefined, '192.0.2.201');
    expect(await SignUpAttempt.countDocuments({ at: { $lte: new Date(hourAgo) } })).toBe(0);
    expect(await SignUpAttempt.countDocuments({ key: 'ip:192.0.2.201' })).toBe(1);
    expect(await purgeExpired(SignUpAttempt, DEFAULT_SIGN_UP_LIMITS.addressWindowMs)).toBe(0);
  });
});
