import { generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import {
  ConfigError,
  jetStreamLimitsOf,
  loadConfig,
  loadConfigOrExit,
  natsCredentialsOf,
  serviceConfigShape,
  sessionSigningConfigShape,
} from './config';
import { generateSessionKeys } from './middlewares/session-keys';

const shape = serviceConfigShape('tickets-service');
const MiB = 1024 * 1024;
const KEYS = generateSessionKeys('key-1');
const JWT_PUBLIC_KEYS = JSON.stringify({ [KEYS.keyId]: KEYS.publicKeyPem });
const rsaPublicPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
const validEnv = (): NodeJS.ProcessEnv => ({
  MONGO_URI: 'mongodb://tickets-mongo:27017/tickets',
  JWT_PUBLIC_KEYS,
  NATS_URL: 'nats://nats:4222',
});

/** The ConfigError message thrown for env, or a failure if none is thrown. */
function configErrorFor(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(shape, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when only the required variables are set, then the rest take their defaults', () => {
    const config = loadConfig(shape, validEnv());
    expect(config).toMatchObject({
      PORT: 3000,
      MONGO_URI: 'mongodb://tickets-mongo:27017/tickets',
      MONGO_WRITE_CONCERN: 'majority',
      JWT_PUBLIC_KEYS: expect.any(Map),
      EVENT_BUS: 'stan',
      NATS_URL: 'nats://nats:4222',
      NATS_CLUSTER_ID: 'ticketing',
      JETSTREAM_REPLICAS: 1,
    });
    expect(config.NATS_CLIENT_ID).toMatch(/^tickets-service-[a-zA-Z0-9_-]+$/);
    expect(jetStreamLimitsOf(config)).toEqual({
      events: { maxAgeHours: 168, maxBytes: 640 * MiB },
      deadLetters: { maxAgeHours: 720, maxBytes: 128 * MiB },
    });
  });

  it('when every variable is set, then the values come back typed', () => {
    const config = loadConfig(shape, {
      ...validEnv(),
      PORT: '4001',
      MONGO_URI: 'mongodb+srv://cluster.example.net/tickets',
      MONGO_WRITE_CONCERN: '1',
      EVENT_BUS: 'jetstream',
      NATS_CLUSTER_ID: 'prod',
      NATS_CLIENT_ID: 'tickets-1',
      JETSTREAM_EVENTS_MAX_AGE_HOURS: '24',
      JETSTREAM_EVENTS_MAX_BYTES: String(64 * MiB),
      JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: '48',
      JETSTREAM_DEAD_LETTERS_MAX_BYTES: String(8 * MiB),
      JETSTREAM_REPLICAS: '3',
      UNRELATED: 'ignored',
    });
    expect(config.PORT).toBe(4001);
    expect(config).toEqual({
      PORT: 4001,
      MONGO_URI: 'mongodb+srv://cluster.example.net/tickets',
      MONGO_WRITE_CONCERN: '1',
      JWT_PUBLIC_KEYS: expect.any(Map),
      EVENT_BUS: 'jetstream',
      NATS_URL: 'nats://nats:4222',
      NATS_CLUSTER_ID: 'prod',
      NATS_CLIENT_ID: 'tickets-1',
      JETSTREAM_EVENTS_MAX_AGE_HOURS: 24,
      JETSTREAM_EVENTS_MAX_BYTES: 64 * MiB,
      JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: 48,
      JETSTREAM_DEAD_LETTERS_MAX_BYTES: 8 * MiB,
      JETSTREAM_REPLICAS: 3,
    });
  });

  it('when NATS_URL names the servers of a cluster, then it is taken as written', () => {
    const url = 'nats://nats-0.nats:4222,nats://nats-1.nats:4222, nats://nats-2.nats:4222';
    expect(loadConfig(shape, { ...validEnv(), NATS_URL: url }).NATS_URL).toBe(url);
  });

  it.each(['0', '2', '4', 'three', '3.0'])(
    'when JETSTREAM_REPLICAS is %s, then the start fails naming the variable and the choices',
    (value) => {
      expect(configErrorFor({ ...validEnv(), JETSTREAM_REPLICAS: value })).toContain(
        'JETSTREAM_REPLICAS: JETSTREAM_REPLICAS must be 1, 3 or 5',
      );
    },
  );

  it.each(['0', 'all', 'MAJORITY', '2'])(
    'when MONGO_WRITE_CONCERN is %s, then the start fails naming the variable and the choices',
    (value) => {
      expect(configErrorFor({ ...validEnv(), MONGO_WRITE_CONCERN: value })).toContain(
        'MONGO_WRITE_CONCERN: MONGO_WRITE_CONCERN must be one of majority, 1',
      );
    },
  );

  it('when a service adds its own fields, then they are validated with the shared ones', () => {
    const config = loadConfig(
      { ...shape, EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().positive().default(900) },
      { ...validEnv(), EXPIRATION_WINDOW_SECONDS: '60' },
    );
    expect(config.EXPIRATION_WINDOW_SECONDS).toBe(60);
  });

  it.each([
    ['JWT_PUBLIC_KEYS', 'missing', { JWT_PUBLIC_KEYS: undefined }],
    ['JWT_PUBLIC_KEYS', 'empty', { JWT_PUBLIC_KEYS: '' }],
    ['JWT_PUBLIC_KEYS', 'an old shared secret', { JWT_PUBLIC_KEYS: 'a-long-enough-signing-key' }],
    ['JWT_PUBLIC_KEYS', 'an empty object', { JWT_PUBLIC_KEYS: '{}' }],
    ['JWT_PUBLIC_KEYS', 'a list', { JWT_PUBLIC_KEYS: JSON.stringify([KEYS.publicKeyPem]) }],
    ['JWT_PUBLIC_KEYS', 'holding a non-PEM', { JWT_PUBLIC_KEYS: JSON.stringify({ k: 'not a key' }) }],
    [
      'JWT_PUBLIC_KEYS',
      'holding a private key',
      { JWT_PUBLIC_KEYS: JSON.stringify({ k: KEYS.privateKeyPem }) },
    ],
    [
      'JWT_PUBLIC_KEYS',
      'holding a bad key id',
      { JWT_PUBLIC_KEYS: JSON.stringify({ 'a b': KEYS.publicKeyPem }) },
    ],
    ['JWT_PUBLIC_KEYS', 'holding an RSA key', { JWT_PUBLIC_KEYS: JSON.stringify({ k: rsaPublicPem() }) }],
    ['MONGO_URI', 'missing', { MONGO_URI: undefined }],
    ['MONGO_URI', 'not a mongodb URL', { MONGO_URI: 'http://tickets-mongo:27017' }],
    ['NATS_URL', 'missing', { NATS_URL: undefined }],
    ['NATS_URL', 'not a nats URL', { NATS_URL: 'http://nats:4222' }],
    ['NATS_URL', 'a list with a non-nats URL', { NATS_URL: 'nats://nats-0:4222,http://nats-1:4222' }],
    ['NATS_URL', 'a list with an empty entry', { NATS_URL: 'nats://nats-0:4222,,nats://nats-1:4222' }],
    ['EVENT_BUS', 'an unknown transport', { EVENT_BUS: 'kafka' }],
    ['PORT', 'not a number', { PORT: 'http' }],
    ['PORT', 'zero', { PORT: '0' }],
    ['PORT', 'above 65535', { PORT: '70000' }],
    ['PORT', 'fractional', { PORT: '3000.5' }],
    ['NATS_CLIENT_ID', 'holding a space', { NATS_CLIENT_ID: 'tickets 1' }],
    ['JETSTREAM_EVENTS_MAX_AGE_HOURS', 'zero', { JETSTREAM_EVENTS_MAX_AGE_HOURS: '0' }],
    ['JETSTREAM_EVENTS_MAX_BYTES', 'under 1 MiB', { JETSTREAM_EVENTS_MAX_BYTES: '1000' }],
    ['JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS', 'fractional', { JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: '1.5' }],
    ['JETSTREAM_DEAD_LETTERS_MAX_BYTES', 'not a number', { JETSTREAM_DEAD_LETTERS_MAX_BYTES: '1GiB' }],
  ])('when %s is %s, then a ConfigError names it', (variable, _case, change) => {
    const message = configErrorFor({ ...validEnv(), ...change });
    expect(message).toMatch(new RegExp(`\\b${variable}\\b`));
    // Only the bad variable is blamed.
    for (const other of Object.keys(shape).filter((name) => name !== variable)) {
      expect(message).not.toMatch(new RegExp(`${other}:`));
    }
  });

  it('when several variables are wrong, then one error names all of them', () => {
    const message = configErrorFor({
      JWT_PUBLIC_KEYS: 'short',
      MONGO_URI: 'postgres://db',
      EVENT_BUS: 'kafka',
      PORT: 'x',
    });
    for (const variable of ['JWT_PUBLIC_KEYS', 'MONGO_URI', 'EVENT_BUS', 'PORT', 'NATS_URL']) {
      expect(message).toContain(`${variable}:`);
    }
  });

  it('when a secret-bearing value is rejected, then the message never repeats the value', () => {
    const message = configErrorFor({
      ...validEnv(),
      JWT_PUBLIC_KEYS: 'Sh0rtS3cret!',
      MONGO_URI: 'https://admin:hunter2-password@db.example.net',
      NATS_URL: 'tls://user:nats-password@nats',
    });
    expect(message).not.toContain('Sh0rtS3cret!');
    expect(message).not.toContain('hunter2-password');
    expect(message).not.toContain('nats-password');
  });
});

describe('NATS credentials', () => {
  const password = 'a-nats-password-of-48-hex-characters';

  it('when NATS_USER and NATS_PASSWORD are set, then the bus connects as that user', () => {
    const config = loadConfig(shape, { ...validEnv(), NATS_USER: 'tickets', NATS_PASSWORD: password });
    expect(natsCredentialsOf(config)).toEqual({ user: 'tickets', password });
  });

  it('when neither is set, then the bus connects without credentials (a server without users)', () => {
    expect(natsCredentialsOf(loadConfig(shape, validEnv()))).toBeUndefined();
  });

  it.each([
    ['NATS_PASSWORD', { NATS_USER: 'tickets' }],
    ['NATS_USER', { NATS_PASSWORD: password }],
  ])('when only one of the two is set, then the error names the missing %s', (missing, env) => {
    const config = loadConfig(shape, { ...validEnv(), ...env });
    expect(() => natsCredentialsOf(config)).toThrow(ConfigError);
    expect(() => natsCredentialsOf(config)).toThrow(missing);
  });

  it('when the password is short or the user malformed, then both are named and the password never repeated', () => {
    const message = configErrorFor({
      ...validEnv(),
      NATS_USER: 'tickets service',
      NATS_PASSWORD: 'sh0rt-pw',
    });
    expect(message).toContain('NATS_USER:');
    expect(message).toContain('NATS_PASSWORD:');
    expect(message).not.toContain('sh0rt-pw');
  });
});

describe('session keys', () => {
  it('when the public keys are listed, then each is a key by its id', () => {
    const second = generateSessionKeys('key-2');
    const config = loadConfig(shape, {
      ...validEnv(),
      JWT_PUBLIC_KEYS: JSON.stringify({
        [KEYS.keyId]: KEYS.publicKeyPem,
        [second.keyId]: second.publicKeyPem,
      }),
    });
    expect([...config.JWT_PUBLIC_KEYS.keys()]).toEqual(['key-1', 'key-2']);
    expect(config.JWT_PUBLIC_KEYS.get('key-1')?.export({ type: 'spki', format: 'pem' })).toBe(
      KEYS.publicKeyPem,
    );
  });

  const signing = sessionSigningConfigShape();

  it('when auth is given its private key and id, then the key is read', () => {
    const config = loadConfig(signing, { JWT_PRIVATE_KEY: KEYS.privateKeyPem, JWT_KEY_ID: 'key-1' });
    expect(config.JWT_KEY_ID).toBe('key-1');
    expect(config.JWT_PRIVATE_KEY.asymmetricKeyType).toBe('ec');
  });

  it.each([
    ['JWT_PRIVATE_KEY', 'missing', { JWT_PRIVATE_KEY: undefined }],
    ['JWT_PRIVATE_KEY', 'an old shared secret', { JWT_PRIVATE_KEY: 'a-long-enough-signing-key' }],
    ['JWT_PRIVATE_KEY', 'a public key', { JWT_PRIVATE_KEY: KEYS.publicKeyPem }],
    [
      'JWT_PRIVATE_KEY',
      'an RSA key',
      {
        JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    ],
    ['JWT_KEY_ID', 'missing', { JWT_KEY_ID: undefined }],
    ['JWT_KEY_ID', 'holding a space', { JWT_KEY_ID: 'key 1' }],
  ])('when %s is %s, then the configuration is refused naming it', (variable, _case, change) => {
    const env = { JWT_PRIVATE_KEY: KEYS.privateKeyPem, JWT_KEY_ID: 'key-1', ...change };
    expect(() => loadConfig(signing, env)).toThrow(variable);
  });
});

describe('loadConfigOrExit', () => {
  it('when the configuration is invalid, then it prints the problem and exits with code 1', () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const saved = process.env.MONGO_URI;
    try {
      delete process.env.MONGO_URI;
      expect(() => loadConfigOrExit({ MONGO_URI: shape.MONGO_URI })).toThrow('exit 1');
      expect(exit).toHaveBeenCalledWith(1);
      expect(printed).toHaveBeenCalledWith(expect.stringContaining('MONGO_URI is required'));
    } finally {
      if (saved !== undefined) process.env.MONGO_URI = saved;
      exit.mockRestore();
      printed.mockRestore();
    }
  });

  it('when the configuration is valid, then it returns it', () => {
    const saved = process.env.MONGO_URI;
    try {
      process.env.MONGO_URI = 'mongodb://db/x';
      expect(loadConfigOrExit({ MONGO_URI: shape.MONGO_URI })).toEqual({ MONGO_URI: 'mongodb://db/x' });
    } finally {
      if (saved === undefined) delete process.env.MONGO_URI;
      else process.env.MONGO_URI = saved;
    }
  });
});
