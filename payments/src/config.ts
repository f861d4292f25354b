import { serviceConfigShape } from '@ticketing/common';
import { z } from 'zod';

/** An empty variable (e.g. an optional Secret key left blank) means "not set". */
const optional = (schema: z.ZodString) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const configShape = {
  ...serviceConfigShape('payments-service'),
  /** A Stripe secret or restricted key; without it the offline sandbox gateway is used. */
  STRIPE_KEY: optional(
    z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'STRIPE_KEY must be a Stripe secret key'),
  ),
  /** Enables POST /api/payments/webhook, verified with this signing secret. */
  STRIPE_WEBHOOK_SECRET: optional(
    z.string().regex(/^whsec_\w+$/, 'STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret'),
  ),
};

export type Config = z.infer<z.ZodObject<typeof configShape>>;
