import {
  connectDatabase,
  createEventBus,
  disconnectDatabase,
  loadConfigOrExit,
  logger,
  OutboxRelay,
  RevokedSessions,
  runService,
  serviceConfigShape,
  SessionRevokedListener,
} from '@ticketing/common';
import { buildApp } from './app';
import { Ticket } from './models/ticket';
import { eventListeners } from './events/listeners';

const SERVICE_NAME = 'tickets-service';

async function main(): Promise<void> {
  const config = loadConfigOrExit(serviceConfigShape(SERVICE_NAME));
  await connectDatabase(config.MONGO_URI, { writeConcern: config.MONGO_WRITE_CONCERN });
  const bus = await createEventBus(SERVICE_NAME, config);
  const revokedSessions = new RevokedSessions();
  await runService({
    app: buildApp({ sessionKeys: config.JWT_PUBLIC_KEYS, revokedSessions, bus }),
    port: config.PORT,
    bus,
    listeners: [...eventListeners(bus), new SessionRevokedListener(bus)],
    relay: new OutboxRelay(bus, [Ticket]),
    workers: [revokedSessions],
    resources: [disconnectDatabase],
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'tickets service failed to start');
  process.exit(1);
});
