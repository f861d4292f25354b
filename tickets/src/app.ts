import type { Express } from 'express';
import { createApp, databaseReady, type EventBus } from '@ticketing/common';
import { newTicketRouter } from './routes/new-ticket';
import { listTicketsRouter } from './routes/list-tickets';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

export interface AppDeps {
  jwtKey: string;
  bus: Pick<EventBus, 'isConnected'>;
}

export function buildApp({ jwtKey, bus }: AppDeps): Express {
  return createApp({
    jwtKey,
    routers: [newTicketRouter(), listTicketsRouter(), showTicketRouter(), updateTicketRouter()],
    readiness: { database: databaseReady },
    status: { bus: () => bus.isConnected() },
  });
}
