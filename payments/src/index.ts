import {
  OutboxRelay,
  RevokedSessions,
  connectDatabase,
  createEventBus,
  disconnectDatabase,
  loadConfigOrExit,
  logger,
  runService,
  SessionRevokedListener,
} from '@ticketing/common';
import { configShape } from './config';
import { buildApp } from './app';
import { createGateway } from './gateway';
import { eventListeners } from './events/listeners';
import { Charge } from './models/charge';
import { ChargeReconciler } from './charges/reconcile-charges';

async function main(): Promise<void> {
  const config = loadConfigOrExit(configShape);
  await connectDatabase(config.MONGO_URI, { writeConcern: config.MONGO_WRITE_CONCERN });
  const bus = await createEventBus('payments-service', config);
  const gateway = createGateway(config);
  const revokedSessions = new RevokedSessions();
  if (!config.STRIPE_WEBHOOK_SECRET)
    logger.info('STRIPE_WEBHOOK_SECRET is not set: no Stripe webhook endpoint');
  await runService({
    app: buildApp({
      sessionKeys: config.JWT_PUBLIC_KEYS,
      revokedSessions,
      bus,
      gateway,
      stripeWebhookSecret: config.STRIPE_WEBHOOK_SECRET,
      paymentMarginMs: config.PAYMENT_MARGIN_SECONDS * 1000,
      reconcileGraceMs: config.RECONCILE_GRACE_MS,
    }),
    port: config.PORT,
    bus,
    listeners: [...eventListeners(bus, gateway), new SessionRevokedListener(bus)],
    relay: new OutboxRelay(bus, [Charge]),
    workers: [new ChargeReconciler(gateway, { intervalMs: config.RECONCILE_INTERVAL_MS }), revokedSessions],
    resources: [disconnectDatabase],
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'payments service failed to start');
  process.exit(1);
});
