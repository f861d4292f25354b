import { createPublicKey } from 'node:crypto';
import { newSessionKeys, serviceEnv, type PlatformOptions } from './platform';

const options: PlatformOptions = {
  port: 3000,
  eventBus: 'stan',
  expirationWindowSeconds: 900,
  dir: '/tmp/unused',
  ports: 'free',
  withClient: false,
};
const keys = newSessionKeys();
const deps = { MONGO_URI: 'mongodb://127.0.0.1:27017', NATS_STREAMING_URL: 'nats://127.0.0.1:4222' };
const authEnv = (base: NodeJS.ProcessEnv) => serviceEnv('auth', base, deps, options, keys, 4000);

describe('the environment the platform gives auth', () => {
  it('when nothing is set, then the sign-up limits are raised for the many sign-ups from this one machine', () => {
    expect(authEnv({ PATH: '/usr/bin' })).toMatchObject({
      SIGNUP_LIMIT_PER_ADDRESS: '100000',
      SIGNUP_LIMIT_PER_MINUTE: '100000',
    });
  });

  it('when the sign-up limits are set, then auth gets them as set', () => {
    const env = authEnv({ SIGNUP_LIMIT_PER_ADDRESS: '20', SIGNUP_LIMIT_PER_MINUTE: '300' });
    expect(env).toMatchObject({ SIGNUP_LIMIT_PER_ADDRESS: '20', SIGNUP_LIMIT_PER_MINUTE: '300' });
  });

  it('when another service starts, then it gets no sign-up limits', () => {
    const env = serviceEnv('tickets', {}, deps, options, keys, 4001);
    expect(env.SIGNUP_LIMIT_PER_ADDRESS).toBeUndefined();
  });
});

describe('the environment the platform gives orders and payments', () => {
  const env = (name: 'orders' | 'payments', overrides: Partial<PlatformOptions> = {}) =>
    serviceEnv(name, {}, deps, { ...options, ...overrides }, keys, 4002);

  it("when the window is the production one, then the lapse grace and the payment margin are the services' defaults", () => {
    expect(env('orders')).toMatchObject({ EXPIRATION_WINDOW_SECONDS: '900', LAPSE_GRACE_SECONDS: '120' });
    expect(env('payments')).toMatchObject({ PAYMENT_MARGIN_SECONDS: '90' });
  });

  it('when the window is short, then the grace and the margin are a quarter of it', () => {
    expect(env('orders', { expirationWindowSeconds: 60 })).toMatchObject({ LAPSE_GRACE_SECONDS: '15' });
    expect(env('payments', { expirationWindowSeconds: 60 })).toMatchObject({ PAYMENT_MARGIN_SECONDS: '15' });
  });

  it('when a grace is given, then orders gets it whatever the window', () => {
    expect(env('orders', { expirationWindowSeconds: 60, lapseGraceSeconds: 120 })).toMatchObject({
      LAPSE_GRACE_SECONDS: '120',
    });
  });
});

describe('the NATS credentials the platform gives the services', () => {
  const passwords = {
    auth: 'a'.repeat(48),
    tickets: 't'.repeat(48),
    orders: 'o'.repeat(48),
    'dead-letters': 'd'.repeat(48),
  };

  it('when the NATS server was started with users, then each service, auth too, connects as its own user', () => {
    expect(serviceEnv('auth', {}, deps, options, keys, 4000, passwords)).toMatchObject({
      NATS_USER: 'auth',
      NATS_PASSWORD: passwords.auth,
    });
    expect(serviceEnv('tickets', {}, deps, options, keys, 4001, passwords)).toMatchObject({
      NATS_USER: 'tickets',
      NATS_PASSWORD: passwords.tickets,
    });
    expect(serviceEnv('orders', {}, deps, options, keys, 4002, passwords)).toMatchObject({
      NATS_USER: 'orders',
      NATS_PASSWORD: passwords.orders,
    });
  });

  it('when the NATS server was reused (no users known), then no NATS credentials are given', () => {
    for (const name of ['auth', 'tickets'] as const) {
      const env = serviceEnv(name, {}, deps, options, keys, 4001);
      expect(env.NATS_USER).toBeUndefined();
      expect(env.NATS_PASSWORD).toBeUndefined();
    }
  });
});

describe('the session keys the platform gives each service', () => {
  const envOf = (name: 'auth' | 'tickets' | 'orders' | 'payments' | 'expiration') =>
    serviceEnv(name, {}, deps, options, keys, 4003);

  it('when auth starts, then it alone gets the private key, with its id and the public keys', () => {
    expect(envOf('auth')).toMatchObject(keys);
    for (const name of ['tickets', 'orders', 'payments'] as const) {
      const env = envOf(name);
      expect(env.JWT_PUBLIC_KEYS).toBe(keys.JWT_PUBLIC_KEYS);
      expect(env.JWT_PRIVATE_KEY).toBeUndefined();
      expect(env.JWT_KEY_ID).toBeUndefined();
    }
    expect(envOf('expiration').JWT_PUBLIC_KEYS).toBeUndefined();
  });

  it('when keys are made, then the public keys list the id of a P-256 public key', () => {
    const listed = JSON.parse(keys.JWT_PUBLIC_KEYS) as Record<string, string>;
    expect(Object.keys(listed)).toEqual([keys.JWT_KEY_ID]);
    expect(createPublicKey(listed[keys.JWT_KEY_ID]!).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPublicKey(keys.JWT_PRIVATE_KEY).export({ type: 'spki', format: 'pem' })).toBe(
      listed[keys.JWT_KEY_ID],
    );
  });
});
