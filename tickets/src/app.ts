import type { Express } from 'express';
import {
  createApp,
  databaseReady,
  type EventBus,
  type SessionDenyList,
  type SessionVerifyingKeys,
} from '@ticketing/common';
import { newTicketRouter } from './routes/new-ticket';
import { listTicketsRouter } from './routes/list-tickets';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

export interface AppDeps {
  /** The public keys sessions are verified with, by key id (JWT_PUBLIC_KEYS). */
  sessionKeys: SessionVerifyingKeys;
  /** Sessions signed out before their expiry (`RevokedSessions`). */
  revokedSessions?: SessionDenyList;
  bus: Pick<EventBus, 'isConnected'>;
}

export function buildApp({ sessionKeys, revokedSessions, bus }: AppDeps): Express {
  return createApp({
    sessionKeys,
    revokedSessions,
    routers: [newTicketRouter(), listTicketsRouter(), showTicketRouter(), updateTicketRouter()],
    readiness: { database: databaseReady },
    status: { bus: () => bus.isConnected() },
  });
}
