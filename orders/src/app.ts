import type { Express } from 'express';
import {
  createApp,
  databaseReady,
  type EventBus,
  type SessionDenyList,
  type SessionVerifyingKeys,
} from '@ticketing/common';
import { cancelOrderRouter } from './routes/cancel-order';
import { listOrdersRouter } from './routes/list-orders';
import { newOrderRouter } from './routes/new-order';
import { showOrderRouter } from './routes/show-order';

export interface AppDeps {
  /** The public keys sessions are verified with, by key id (JWT_PUBLIC_KEYS). */
  sessionKeys: SessionVerifyingKeys;
  /** Sessions signed out before their expiry (`RevokedSessions`). */
  revokedSessions?: SessionDenyList;
  bus: Pick<EventBus, 'isConnected'>;
  expirationWindowSeconds: number;
  maxOpenOrders: number;
}

export function buildApp({
  sessionKeys,
  revokedSessions,
  bus,
  expirationWindowSeconds,
  maxOpenOrders,
}: AppDeps): Express {
  return createApp({
    sessionKeys,
    revokedSessions,
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
