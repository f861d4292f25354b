import type { Express } from 'express';
import { createApp, databaseReady, type EventBus } from '@ticketing/common';
import type { EventRelay } from './lifecycle/order-lifecycle';
import { cancelOrderRouter } from './routes/cancel-order';
import { listOrdersRouter } from './routes/list-orders';
import { newOrderRouter } from './routes/new-order';
import { showOrderRouter } from './routes/show-order';

export interface AppDeps {
  jwtKey: string;
  bus: EventBus;
  relay: EventRelay;
  expirationWindowSeconds: number;
}

export function buildApp({ jwtKey, bus, relay, expirationWindowSeconds }: AppDeps): Express {
  return createApp({
    jwtKey,
    routers: [
      newOrderRouter({ relay, expirationWindowSeconds }),
      listOrdersRouter,
      showOrderRouter,
      cancelOrderRouter(relay),
    ],
    readiness: { database: databaseReady, bus: () => bus.isConnected() },
  });
}
