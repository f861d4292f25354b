import { metricValue } from '@ticketing/common/testing';
import { SignInFailure } from '../models/sign-in-failure';
import { PASSWORD, signIn, signUp, testApp, uniqueEmail } from '../test/users';
import { ACCOUNT_ADDRESS_FAILURE_LIMIT, FAILURE_WINDOW_MS } from './sign-in-limits';
import { accountAddressKey, purgeExpiredFailures } from './sign-in-throttle';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tooMany = { errors: [{ message: 'Too many failed sign-in attempts; try again later' }] };

async function failTimes(app: ReturnType<typeof testApp>, email: string, times: number, ip?: string) {
  for (let i = 0; i < times; i += 1) {
    expect((await signIn(app, email, 'wrong password', ip)).status).toBe(400);
  }
}

describe('sign-in brute-force limits', () => {
  const app = testApp();

  it('when an account had 10 failures, then even the right password gets 429 with Retry-After', async () => {
    const email = uniqueEmail();
    const address = '203.0.113.30';
    await signUp(app, email);
    await failTimes(app, email, ACCOUNT_ADDRESS_FAILURE_LIMIT, address);

    const res = await signIn(app, email, PASSWORD, address);
    expect(res.status).toBe(429);
    expect(res.body).toEqual(tooMany);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(FAILURE_WINDOW_MS / 1000 - 60);
    expect(retryAfter).toBeLessThanOrEqual(FAILURE_WINDOW_MS / 1000);
    // Refused attempts are not failures: the count stays at the limit.
    expect(await SignInFailure.countDocuments({ key: accountAddressKey(email, address) })).toBe(
      ACCOUNT_ADDRESS_FAILURE_LIMIT,
    );
  });

  it('when a sign-in succeeds between failures, then it does not count towards the limit', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    await failTimes(app, email, ACCOUNT_ADDRESS_FAILURE_LIMIT - 1);
    expect((await signIn(app, email, PASSWORD)).status).toBe(200);
    await failTimes(app, email, 1);
    expect((await signIn(app, email, PASSWORD)).status).toBe(429);
  });

  it('when a stranger failed 10 times for an account from another address, then its owner still signs in', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    await failTimes(app, email, ACCOUNT_ADDRESS_FAILURE_LIMIT, '198.51.100.66');
    expect((await signIn(app, email, 'wrong password', '198.51.100.66')).status).toBe(429);

    const owner = await signIn(app, email, PASSWORD, '203.0.113.77');
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({ id: expect.any(String), email });
  });

  it('when one account is locked, then another account signs in normally from the same address', async () => {
    const locked = uniqueEmail();
    const other = uniqueEmail();
    await signUp(app, locked);
    await signUp(app, other);
    await failTimes(app, locked, ACCOUNT_ADDRESS_FAILURE_LIMIT);
    expect((await signIn(app, locked, PASSWORD)).status).toBe(429);
    expect((await signIn(app, other, PASSWORD)).status).toBe(200);
  });

  it('when an unknown email is guessed 10 times, then it is locked like a real one (no account oracle)', async () => {
    const email = uniqueEmail();
    await failTimes(app, email, ACCOUNT_ADDRESS_FAILURE_LIMIT);
    expect((await signIn(app, email, 'wrong password')).status).toBe(429);
  });

  it('when 20 wrong guesses arrive at once, then at most 10 are checked and the rest get 429', async () => {
    const email = uniqueEmail();
    const address = '203.0.113.31';
    await signUp(app, email);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => signIn(app, email, 'wrong password', address)),
    );
    const checked = responses.filter((res) => res.status === 400).length;
    const refused = responses.filter((res) => res.status === 429).length;
    expect(checked + refused).toBe(20);
    expect(checked).toBeLessThanOrEqual(ACCOUNT_ADDRESS_FAILURE_LIMIT);
    // A burst never buys more guesses: sequential ones are allowed only up to the limit in total.
    await failTimes(app, email, ACCOUNT_ADDRESS_FAILURE_LIMIT - checked, address);
    expect((await signIn(app, email, 'wrong password', address)).status).toBe(429);
    expect(await SignInFailure.countDocuments({ key: accountAddressKey(email, address) })).toBe(
      ACCOUNT_ADDRESS_FAILURE_LIMIT,
    );
  });
});

describe('sign-in limits with small numbers', () => {
  it('when the window has passed, then the locked account signs in again', async () => {
    const app = testApp({ signInLimits: { accountAddressFailures: 3, windowMs: 1500 } });
    const email = uniqueEmail();
    await signUp(app, email);
    await failTimes(app, email, 3);
    const refused = await signIn(app, email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);

    await sleep(1600);
    expect((await signIn(app, email, PASSWORD)).status).toBe(200);
  });

  it('when one address failed across many accounts, then it is refused for any account; other addresses are not', async () => {
    const app = testApp({ signInLimits: { accountAddressFailures: 100, ipFailures: 4 } });
    const attacker = '198.51.100.7';
    for (let i = 0; i < 4; i += 1) await failTimes(app, uniqueEmail(), 1, attacker);
    const email = uniqueEmail();
    await signUp(app, email);

    const refused = await signIn(app, email, PASSWORD, attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await signIn(app, email, PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('when sign-ins are refused, then the refusals are counted by the limit reached, and failures are not', async () => {
    const REFUSALS = 'ticketing_signin_throttle_refusals_total';
    const app = testApp({ signInLimits: { accountAddressFailures: 2, ipFailures: 3 } });
    const [byAccount, byIp] = [
      await metricValue(REFUSALS, { limit: 'account_address' }),
      await metricValue(REFUSALS, { limit: 'ip' }),
    ];
    const email = uniqueEmail();
    await failTimes(app, email, 2, '198.51.100.20');
    expect((await signIn(app, email, PASSWORD, '198.51.100.20')).status).toBe(429);
    await failTimes(app, uniqueEmail(), 1, '198.51.100.20');
    expect((await signIn(app, uniqueEmail(), PASSWORD, '198.51.100.20')).status).toBe(429);

    expect(await metricValue(REFUSALS, { limit: 'account_address' })).toBe(byAccount + 1);
    expect(await metricValue(REFUSALS, { limit: 'ip' })).toBe(byIp + 1);
  });
});

describe('purging expired failures', () => {
  it('when failures are older than the window, then they are deleted and recent ones kept', async () => {
    const now = Date.now();
    await SignInFailure.insertMany([
      { key: 'account:old@example.com', at: new Date(now - FAILURE_WINDOW_MS - 1000) },
      { key: 'ip:203.0.113.1', at: new Date(now - FAILURE_WINDOW_MS - 1) },
      { key: 'account:recent@example.com', at: new Date(now - 1000) },
    ]);
    expect(await purgeExpiredFailures(FAILURE_WINDOW_MS, now)).toBe(2);
    const left = await SignInFailure.find().lean();
    expect(left.map((failure) => failure.key)).toEqual(['account:recent@example.com']);
  });

  it('when sign-ins happen, then expired failures are purged along the way', async () => {
    const app = testApp({ signInLimits: { purgeIntervalMs: 0 } });
    await SignInFailure.create({
      key: 'account:old@example.com',
      at: new Date(Date.now() - FAILURE_WINDOW_MS - 1),
    });
    await signIn(app, uniqueEmail(), 'wrong password');
    expect(await SignInFailure.countDocuments({ key: 'account:old@example.com' })).toBe(0);
  });
});
