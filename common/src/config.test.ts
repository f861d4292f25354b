import { z } from 'zod';
import {
  ConfigError,
  jetStreamLimitsOf,
  loadConfig,
  loadConfigOrExit,
  natsCredentialsOf,
  serviceConfigShape,
} from './config';

const shape = serviceConfigShape('tickets-service');
const MiB = 1024 * 1024;
const JWT_KEY = 'a-long-enough-signing-key';
const validEnv = (): NodeJS.ProcessEnv => ({
  MONGO_URI: 'mongodb://tickets-mongo:27017/tickets',
  JWT_KEY,
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
      JWT_KEY,
      EVENT_BUS: 'stan',
      NATS_URL: 'nats://nats:4222',
      NATS_CLUSTER_ID: 'ticketing',
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
      UNRELATED: 'ignored',
    });
    expect(config.PORT).toBe(4001);
    expect(config).toEqual({
      PORT: 4001,
      MONGO_URI: 'mongodb+srv://cluster.example.net/tickets',
      MONGO_WRITE_CONCERN: '1',
      JWT_KEY,
      EVENT_BUS: 'jetstream',
      NATS_URL: 'nats://nats:4222',
      NATS_CLUSTER_ID: 'prod',
      NATS_CLIENT_ID: 'tickets-1',
      JETSTREAM_EVENTS_MAX_AGE_HOURS: 24,
      JETSTREAM_EVENTS_MAX_BYTES: 64 * MiB,
      JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: 48,
      JETSTREAM_DEAD_LETTERS_MAX_BYTES: 8 * MiB,
    });
  });

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
    ['JWT_KEY', 'missing', { JWT_KEY: undefined }],
    ['JWT_KEY', 'empty', { JWT_KEY: '' }],
    ['JWT_KEY', 'shorter than 16 characters', { JWT_KEY: 'short-secret' }],
    ['MONGO_URI', 'missing', { MONGO_URI: undefined }],
    ['MONGO_URI', 'not a mongodb URL', { MONGO_URI: 'http://tickets-mongo:27017' }],
    ['NATS_URL', 'missing', { NATS_URL: undefined }],
    ['NATS_URL', 'not a nats URL', { NATS_URL: 'http://nats:4222' }],
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
      JWT_KEY: 'short',
      MONGO_URI: 'postgres://db',
      EVENT_BUS: 'kafka',
      PORT: 'x',
    });
    for (const variable of ['JWT_KEY', 'MONGO_URI', 'EVENT_BUS', 'PORT', 'NATS_URL']) {
      expect(message).toContain(`${variable}:`);
    }
  });

  it('when a secret-bearing value is rejected, then the message never repeats the value', () => {
    const message = configErrorFor({
      ...validEnv(),
      JWT_KEY: 'Sh0rtS3cret!',
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

describe('loadConfigOrExit', () => {
  it('when the configuration is invalid, then it prints the problem and exits with code 1', () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const saved = process.env.JWT_KEY;
    try {
      delete process.env.JWT_KEY;
      expect(() => loadConfigOrExit({ JWT_KEY: shape.JWT_KEY })).toThrow('exit 1');
      expect(exit).toHaveBeenCalledWith(1);
      expect(printed).toHaveBeenCalledWith(expect.stringContaining('JWT_KEY is required'));
    } finally {
      if (saved !== undefined) process.env.JWT_KEY = saved;
      exit.mockRestore();
      printed.mockRestore();
    }
  });

  it('when the configuration is valid, then it returns it', () => {
    const saved = process.env.JWT_KEY;
    try {
      process.env.JWT_KEY = JWT_KEY;
      expect(loadConfigOrExit({ JWT_KEY: shape.JWT_KEY })).toEqual({ JWT_KEY });
    } finally {
      if (saved === undefined) delete process.env.JWT_KEY;
      else process.env.JWT_KEY = saved;
    }
  });
});
