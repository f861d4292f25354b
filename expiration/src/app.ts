import express, { type Express } from 'express';
import { errorHandler, healthRouter, metricsRouter, notFoundHandler, type EventBus } from '@ticketing/common';
import type { ExpirationQueue } from './queues/expiration-queue';

export interface AppDeps {
  expirations: Pick<ExpirationQueue, 'isRedisReady'>;
  bus: Pick<EventBus, 'isConnected'>;
}

/**
 * Health and metrics endpoints only. Not createApp: this service has no routes, sessions or users, hence no JWT
 * key; it keeps the platform's JSON 404 and error shape.
 */
export function buildApp({ expirations, bus }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter({ redis: () => expirations.isRedisReady() }, { bus: () => bus.isConnected() }));
  app.use(metricsRouter());
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
