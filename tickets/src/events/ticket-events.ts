import { outboxEvent, type EventData, type PendingEvent } from '@ticketing/common';
import type { Ticket } from '../models/ticket';

type TicketState = Pick<Ticket, '_id' | 'version' | 'title' | 'price' | 'userId' | 'orderId' | 'sold'>;

/** The full state consumers keep a copy of, prices in cents. */
export function ticketEventData(ticket: TicketState): EventData<'ticket:updated'> {
  return {
    id: ticket._id.toHexString(),
    version: ticket.version,
    title: ticket.title,
    price: ticket.price,
    userId: ticket.userId,
    orderId: ticket.orderId ?? null,
    sold: ticket.sold,
  };
}

/** ticket:created, for the outbox of the new ticket. */
export function ticketCreated(ticket: TicketState): PendingEvent {
  const { id, version, title, price, userId } = ticketEventData(ticket);
  return outboxEvent('ticket:created', { id, version, title, price, userId });
}

/** ticket:updated with the ticket as it stands after the write. */
export function ticketUpdated(ticket: TicketState): PendingEvent {
  return outboxEvent('ticket:updated', ticketEventData(ticket));
}
