import { serviceConfigShape } from '@ticketing/common';
import { z } from 'zod';

/** An empty variable (e.g. an optional Secret key left blank) means "not set". */
const optional = (schema: z.ZodString) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** How unsettled charges are reconciled with the processor (see charges/reconcile-charges.ts). */
export const reconcilerShape = {
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * When the reconciler first looks at a charge: longer than a gateway call can take with its retries (about
   * 30 s), so its request has usually ended (correctness does not depend on it: every answer is asked by id).
   */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(45_000),
};

export const configShape = {
  ...serviceConfigShape('payments-service'),
  ...reconcilerShape,
  /**
   * A charge starts only while at least this long remains before the order's expiresAt: the charge itself can
   * take about 30 s (Stripe's retries), and its payment:created then has the rest to reach orders before the lapse.
   */
  PAYMENT_MARGIN_SECONDS: z.coerce.number().int().min(0).default(90),
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
