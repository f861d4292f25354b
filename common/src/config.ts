import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { NatsCredentials } from './bus/event-bus';
import {
  KEY_ID_PATTERN,
  parseSigningPrivateKey,
  parseVerifyingKeys,
  type SessionVerifyingKeys,
} from './middlewares/session-keys';
import { DEFAULT_JETSTREAM_LIMITS, MiB, type JetStreamLimits } from './bus/stream-limits';

export class ConfigError extends Error {}

/** Validates the environment against a schema; the error names every bad variable. */
export function loadConfig<T extends z.ZodRawShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** For a service's entry point: a bad configuration stops the process with a clear message. */
export function loadConfigOrExit<T extends z.ZodRawShape>(shape: T): z.infer<z.ZodObject<T>> {
  try {
    return loadConfig(shape);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

/** MONGO_WRITE_CONCERN: `majority` (the default) or `1` (the primary alone: the driver's own default). */
export const WRITE_CONCERNS = ['majority', '1'] as const;
export type WriteConcernSetting = (typeof WRITE_CONCERNS)[number];

const required = (name: string) => z.string({ error: `${name} is required` }).min(1, `${name} is required`);

/** The variables every service reads. */
export function serviceConfigShape(serviceName: string) {
  return {
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    MONGO_URI: required('MONGO_URI').regex(/^mongodb(\+srv)?:\/\//, 'MONGO_URI must be a mongodb:// URL'),
    /** Every write acknowledged by a majority of the replica set, journaled (docs/architecture.md). */
    MONGO_WRITE_CONCERN: z
      .enum(WRITE_CONCERNS, { error: `MONGO_WRITE_CONCERN must be one of ${WRITE_CONCERNS.join(', ')}` })
      .default('majority'),
    ...sessionVerifyingConfigShape(),
    ...busConfigShape(serviceName),
  };
}

/** A variable parsed by `parse`, whose error message is reported after the variable's name. */
const parsed = <T>(name: string, parse: (text: string) => T) =>
  required(name).transform((text, ctx): T => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} ${err instanceof Error ? err.message : 'is invalid'}`,
      });
      return z.NEVER;
    }
  });

/** The public keys sessions are verified with: a JSON object of key id (the JWT `kid`) to PEM. */
export function sessionVerifyingConfigShape() {
  return {
    JWT_PUBLIC_KEYS: parsed<SessionVerifyingKeys>('JWT_PUBLIC_KEYS', parseVerifyingKeys),
  };
}

/** Auth's alone: the private key sessions are signed with and its id, which JWT_PUBLIC_KEYS must list. */
export function sessionSigningConfigShape() {
  return {
    JWT_PRIVATE_KEY: parsed('JWT_PRIVATE_KEY', parseSigningPrivateKey),
    JWT_KEY_ID: required('JWT_KEY_ID').regex(
      KEY_ID_PATTERN,
      'JWT_KEY_ID may hold only letters, digits, . _ and -',
    ),
  };
}

export function busConfigShape(serviceName: string) {
  return {
    EVENT_BUS: z.enum(['stan', 'jetstream']).default('stan'),
    NATS_URL: required('NATS_URL').regex(
      /^nats:\/\/[^,\s]+(\s*,\s*nats:\/\/[^,\s]+)*$/,
      'NATS_URL must be a nats:// URL, or the URLs of a cluster separated by commas',
    ),
    NATS_CLUSTER_ID: z.string().min(1).default('ticketing'),
    NATS_CLIENT_ID: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'NATS_CLIENT_ID may hold only letters, digits, _ and -')
      .default(
        `${serviceName}-${hostname().replace(/[^a-zA-Z0-9_-]/g, '-')}-${randomBytes(4).toString('hex')}`,
      ),
    /** The service's own NATS user and password (events/bus-permissions.ts); both or neither. Never logged. */
    NATS_USER: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'NATS_USER may hold only letters, digits, _ and -')
      .optional(),
    NATS_PASSWORD: z.string().min(16, 'NATS_PASSWORD must be at least 16 characters').optional(),
    ...jetStreamConfigShape(),
  };
}

/** The NATS credentials of a bus configuration: both variables or neither (a server without users). */
export function natsCredentialsOf(config: {
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
}): NatsCredentials | undefined {
  const { NATS_USER: user, NATS_PASSWORD: password } = config;
  if (user === undefined && password === undefined) return undefined;
  if (user === undefined || password === undefined) {
    throw new ConfigError(
      `Invalid configuration: NATS_USER and NATS_PASSWORD go together (${user === undefined ? 'NATS_USER' : 'NATS_PASSWORD'} is missing)`,
    );
  }
  return { user, password };
}

/** At least an hour: the streams' 10-minute duplicate window must fit in their age. */
const hours = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const bytes = (fallback: number) =>
  z.coerce.number().int().min(MiB, 'must be at least 1 MiB').default(fallback);

/** How many servers of a JetStream cluster store each stream: an odd count, so that a majority is defined. */
export const JETSTREAM_REPLICA_COUNTS = ['1', '3', '5'] as const;

/** The JetStream streams' limits and replicas (read with either transport, so one ConfigMap serves both). */
export function jetStreamConfigShape() {
  const { events, deadLetters } = DEFAULT_JETSTREAM_LIMITS;
  return {
    JETSTREAM_REPLICAS: z
      .enum(JETSTREAM_REPLICA_COUNTS, { error: 'JETSTREAM_REPLICAS must be 1, 3 or 5' })
      .default('1')
      .transform(Number),
    JETSTREAM_EVENTS_MAX_AGE_HOURS: hours(events.maxAgeHours),
    JETSTREAM_EVENTS_MAX_BYTES: bytes(events.maxBytes),
    JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS: hours(deadLetters.maxAgeHours),
    JETSTREAM_DEAD_LETTERS_MAX_BYTES: bytes(deadLetters.maxBytes),
  };
}

export type JetStreamConfig = z.infer<z.ZodObject<ReturnType<typeof jetStreamConfigShape>>>;

export function jetStreamLimitsOf(config: JetStreamConfig): JetStreamLimits {
  return {
    events: {
      maxAgeHours: config.JETSTREAM_EVENTS_MAX_AGE_HOURS,
      maxBytes: config.JETSTREAM_EVENTS_MAX_BYTES,
    },
    deadLetters: {
      maxAgeHours: config.JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS,
      maxBytes: config.JETSTREAM_DEAD_LETTERS_MAX_BYTES,
    },
  };
}
