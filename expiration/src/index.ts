import { createEventBus, loadConfigOrExit, logger, serve } from '@ticketing/common';
import { buildApp } from './app';
import { configShape } from './config';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCompletedListener } from './events/listeners/order-completed-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { processExpirations } from './queues/expiration-processor';
import { ExpirationQueue } from './queues/expiration-queue';

async function main(): Promise<void> {
  const config = loadConfigOrExit(configShape);
  // Redis may still be starting: the queue connects (and reconnects) on its own, /readyz tells when it is up.
  const expirations = new ExpirationQueue({ redisUrl: config.REDIS_URL });
  const bus = await createEventBus('expiration-service', config);

  await new OrderCreatedListener(bus, expirations).listen();
  await new OrderCancelledListener(bus, expirations).listen();
  await new OrderCompletedListener(bus, expirations).listen();
  processExpirations(expirations, bus);

  await serve(buildApp({ expirations, bus }), config.PORT, [
    // Finish the jobs publishing now while the bus is still open, then drain the listeners, then Redis.
    () => expirations.stopProcessing(),
    () => bus.close(),
    () => expirations.close(),
  ]);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'expiration service failed to start');
  process.exit(1);
});
