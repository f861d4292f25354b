import type { Express } from 'express';
import { createApp, databaseReady, type EventBus, type OutboxRelay } from '@ticketing/common';
import { newTicketRouter } from './routes/new-ticket';
import { listTicketsRouter } from './routes/list-tickets';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

export interface AppDeps {
  jwtKey: string;
  relay: Pick<OutboxRelay, 'kick'>;
  bus: Pick<EventBus, 'isConnected'>;
}

export function buildApp({ jwtKey, relay, bus }: AppDeps): Express {
  return createApp({
    jwtKey,
    routers: [newTicketRouter(relay), listTicketsRouter(), showTicketRouter(), updateTicketRouter(relay)],
    readiness: { database: databaseReady, bus: () => bus.isConnected() },
  });
}
