import type { Express } from 'express';
import { createApp, databaseReady, type EventBus } from '@ticketing/common';
import type { SettleDeps } from './charges/settle-charge';
import { newPaymentRouter } from './routes/new-payment';
import { stripeWebhookRouter } from './routes/stripe-webhook';

export interface AppDeps extends SettleDeps {
  jwtKey: string;
  bus: EventBus;
  /** When set, Stripe's webhook endpoint is mounted and verified with it. */
  stripeWebhookSecret?: string;
  /** How long a payment waits for the event of an order not known yet. */
  orderLagMs?: number;
}

export function buildApp({ jwtKey, bus, gateway, stripeWebhookSecret, orderLagMs }: AppDeps): Express {
  const deps = { gateway };
  return createApp({
    jwtKey,
    routers: [newPaymentRouter({ ...deps, orderLagMs })],
    rawBodyRouters: stripeWebhookSecret ? [stripeWebhookRouter(deps, stripeWebhookSecret)] : [],
    readiness: { database: databaseReady },
    status: { bus: () => bus.isConnected() },
  });
}
