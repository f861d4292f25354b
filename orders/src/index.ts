import {
  connectDatabase,
  createEventBus,
  disconnectDatabase,
  logger,
  OutboxRelay,
  RevokedSessions,
  runService,
  SessionRevokedListener,
} from '@ticketing/common';
import { buildApp } from './app';
import { SERVICE_NAME, loadOrdersConfig } from './config';
import { eventListeners } from './events/listeners';
import { Order } from './models/order';
import { Sweeper } from './sweeper';

async function main(): Promise<void> {
  const config = loadOrdersConfig();
  await connectDatabase(config.MONGO_URI, { writeConcern: config.MONGO_WRITE_CONCERN });
  const bus = await createEventBus(SERVICE_NAME, config);
  const revokedSessions = new RevokedSessions();
  const lapseGraceMs = config.LAPSE_GRACE_SECONDS * 1000;
  await runService({
    app: buildApp({
      sessionKeys: config.JWT_PUBLIC_KEYS,
      revokedSessions,
      bus,
      expirationWindowSeconds: config.EXPIRATION_WINDOW_SECONDS,
      maxOpenOrders: config.MAX_OPEN_ORDERS_PER_BUYER,
    }),
    port: config.PORT,
    bus,
    listeners: [...eventListeners(bus, { lapseGraceMs }), new SessionRevokedListener(bus)],
    relay: new OutboxRelay(bus, [Order]),
    workers: [new Sweeper({ intervalMs: config.SWEEP_INTERVAL_MS, lapseGraceMs }), revokedSessions],
    resources: [disconnectDatabase],
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'orders service failed to start');
  process.exit(1);
});
