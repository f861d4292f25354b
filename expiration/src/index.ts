import { createEventBus, loadConfigOrExit, logger, runService } from '@ticketing/common';
import { buildApp } from './app';
import { configShape } from './config';
import { eventListeners } from './events/listeners';
import { expirationWorker } from './queues/expiration-processor';
import { ExpirationQueue } from './queues/expiration-queue';

async function main(): Promise<void> {
  const config = loadConfigOrExit(configShape);
  // Redis may still be starting: the queue connects (and reconnects) on its own, /readyz tells when it is up.
  const expirations = new ExpirationQueue({ redisUrl: config.REDIS_URL });
  const bus = await createEventBus('expiration-service', config);
  await runService({
    app: buildApp({ expirations, bus }),
    port: config.PORT,
    bus,
    listeners: eventListeners(bus, expirations),
    // Jobs publishing now finish while the bus is still open; Redis closes last.
    workers: [expirationWorker(expirations, bus)],
    resources: [() => expirations.close()],
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'expiration service failed to start');
  process.exit(1);
});
