import type { Express } from 'express';
import {
  createApp,
  databaseReady,
  type EventBus,
  type SessionDenyList,
  type SessionVerifyingKeys,
} from '@ticketing/common';
import type { SettleDeps } from './charges/settle-charge';
import { newPaymentRouter } from './routes/new-payment';
import { stripeWebhookRouter } from './routes/stripe-webhook';

export interface AppDeps extends SettleDeps {
  /** The public keys sessions are verified with, by key id (JWT_PUBLIC_KEYS). */
  sessionKeys: SessionVerifyingKeys;
  /** Sessions signed out before their expiry (`RevokedSessions`). */
  revokedSessions?: SessionDenyList;
  bus: EventBus;
  /** Verifies Stripe's webhook; without it the webhook answers 404 (not configured here). */
  stripeWebhookSecret?: string;
  /** How long a payment waits for the event of an order not known yet. */
  orderLagMs?: number;
  /** How often that order is read again when no event of it is applied in this process. */
  orderRecheckMs?: number;
  /** A charge starts only with this much time left before the order lapses. */
  paymentMarginMs?: number;
  /** When the reconciler first looks at a charge a payment request left unsettled. */
  reconcileGraceMs?: number;
}

export function buildApp({
  sessionKeys,
  revokedSessions,
  bus,
  gateway,
  stripeWebhookSecret,
  orderLagMs,
  orderRecheckMs,
  paymentMarginMs,
  reconcileGraceMs,
}: AppDeps): Express {
  const deps = { gateway };
  return createApp({
    sessionKeys,
    revokedSessions,
    routers: [newPaymentRouter({ ...deps, orderLagMs, orderRecheckMs, paymentMarginMs, reconcileGraceMs })],
    rawBodyRouters: [stripeWebhookRouter(deps, stripeWebhookSecret)],
    readiness: { database: databaseReady },
    status: { bus: () => bus.isConnected() },
  });
}
