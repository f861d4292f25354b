import mongoose from 'mongoose';
import { OutboxRelay, connectDatabase, createEventBus, logger, serve } from '@ticketing/common';
import { buildApp } from './app';
import { SERVICE_NAME, loadOrdersConfig } from './config';
import { listenToEvents } from './events/listeners';
import { Order } from './models/order';
import { Sweeper } from './sweeper';

async function main(): Promise<void> {
  const config = loadOrdersConfig();
  await connectDatabase(config.MONGO_URI);
  const bus = await createEventBus(SERVICE_NAME, config);
  const relay = new OutboxRelay(bus, [Order]);
  const sweeper = new Sweeper(relay, { intervalMs: config.SWEEP_INTERVAL_MS });
  await listenToEvents(bus, relay);
  relay.start();
  sweeper.start();
  const app = buildApp({
    jwtKey: config.JWT_KEY,
    bus,
    relay,
    expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
  });
  await serve(app, config.PORT, [
    // Stop new sweeps and messages first; the relay then still publishes what they wrote.
    () => sweeper.stop(),
    () => bus.close(),
    () => relay.stop(),
    () => mongoose.disconnect(),
  ]);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'orders service failed to start');
  process.exit(1);
});
