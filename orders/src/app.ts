import type { Express } from 'express';
import { createApp, databaseReady, type EventBus } from '@ticketing/common';
import { cancelOrderRouter } from './routes/cancel-order';
import { listOrdersRouter } from './routes/list-orders';
import { newOrderRouter } from './routes/new-order';
import { showOrderRouter } from './routes/show-order';

export interface AppDeps {
  jwtKey: string;
  bus: Pick<EventBus, 'isConnected'>;
  expirationWindowSeconds: number;
  maxOpenOrders: number;
}

export function buildApp({ jwtKey, bus, expirationWindowSeconds, maxOpenOrders }: AppDeps): Express {
  return createApp({
    jwtKey,
    routers: [
      newOrderRouter({ expirationWindowSeconds, maxOpenOrders }),
      listOrdersRouter,
      showOrderRouter,
      cancelOrderRouter(),
    ],
    readiness: { database: databaseReady },
    status: { bus: () => bus.isConnected() },
  });
}
