import mongoose from 'mongoose';
import {
  connectDatabase,
  createEventBus,
  loadConfigOrExit,
  logger,
  OutboxRelay,
  serve,
  serviceConfigShape,
} from '@ticketing/common';
import { buildApp } from './app';
import { Ticket } from './models/ticket';
import { ticketListeners } from './events/listeners';

const SERVICE_NAME = 'tickets-service';

async function main(): Promise<void> {
  const config = loadConfigOrExit(serviceConfigShape(SERVICE_NAME));
  await connectDatabase(config.MONGO_URI);
  const bus = await createEventBus(SERVICE_NAME, config);
  const relay = new OutboxRelay(bus, [Ticket]);
  await Promise.all(ticketListeners(bus, relay).map((listener) => listener.listen()));
  relay.start();
  await serve(buildApp({ jwtKey: config.JWT_KEY, relay, bus }), config.PORT, [
    () => bus.close(),
    () => relay.stop(),
    () => mongoose.disconnect(),
  ]);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'tickets service failed to start');
  process.exit(1);
});
