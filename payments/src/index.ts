import mongoose from 'mongoose';
import {
  OutboxRelay,
  connectDatabase,
  createEventBus,
  loadConfigOrExit,
  logger,
  serve,
} from '@ticketing/common';
import { configShape } from './config';
import { buildApp } from './app';
import { createGateway } from './gateway';
import { listenAll } from './events/listeners';
import { Charge } from './models/charge';

async function main(): Promise<void> {
  const config = loadConfigOrExit(configShape);
  await connectDatabase(config.MONGO_URI);
  const bus = await createEventBus('payments-service', config);
  const gateway = createGateway(config);
  const relay = new OutboxRelay(bus, [Charge]);
  await listenAll(bus, gateway);
  relay.start();
  const app = buildApp({
    jwtKey: config.JWT_KEY,
    bus,
    gateway,
    relay,
    stripeWebhookSecret: config.STRIPE_WEBHOOK_SECRET,
  });
  if (!config.STRIPE_WEBHOOK_SECRET)
    logger.info('STRIPE_WEBHOOK_SECRET is not set: no Stripe webhook endpoint');
  await serve(app, config.PORT, [() => bus.close(), () => relay.stop(), () => mongoose.disconnect()]);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'payments service failed to start');
  process.exit(1);
});
