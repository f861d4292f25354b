import { z } from 'zod';
import { busConfigShape, serviceConfigShape, sessionSigningConfigShape } from '@ticketing/common';
import { SIGN_UPS_PER_ADDRESS, SIGN_UPS_PER_MINUTE } from './security/sign-up-limits';

export const SERVICE_NAME = 'auth-service';

const { PORT, MONGO_URI, MONGO_WRITE_CONCERN, JWT_PUBLIC_KEYS } = serviceConfigShape(SERVICE_NAME);

const positive = (max: number) => z.coerce.number().int().min(1).max(max);

/** What auth reads from the environment, validated at start. */
export const authConfigShape = {
  PORT,
  MONGO_URI,
  MONGO_WRITE_CONCERN,
  JWT_PUBLIC_KEYS,
  /** Only auth signs sessions, so only auth holds the private key. */
  ...sessionSigningConfigShape(),
  /** auth publishes `session:revoked` and, like every service, applies it. */
  ...busConfigShape(SERVICE_NAME),
  /** Sign-ups one client address may make in an hour; `npm start` and load tests, all from one address, raise it. */
  SIGNUP_LIMIT_PER_ADDRESS: positive(1_000_000).default(SIGN_UPS_PER_ADDRESS),
  /** Sign-ups the whole site takes in a minute, from every address together. */
  SIGNUP_LIMIT_PER_MINUTE: positive(1_000_000).default(SIGN_UPS_PER_MINUTE),
  /** Proxies in front whose X-Forwarded-For is believed: the Ingress is one; a load balancer before it adds one. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
};
