import { outboxEvent, type EventData } from '@ticketing/common';
import type { TicketDocument } from '../models/ticket';

/** The full state consumers keep a copy of, prices in cents. */
export function ticketEventData(ticket: TicketDocument): EventData<'ticket:updated'> {
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

/** Queues ticket:created in the new ticket itself, so saving it saves the event too. */
export function recordCreation(ticket: TicketDocument): void {
  const { id, version, title, price, userId } = ticketEventData(ticket);
  ticket.pendingEvents.push(outboxEvent('ticket:created', { id, version, title, price, userId }));
}

/** One change of the ticket: the next version and its ticket:updated, written by the same save. */
export function recordChange(ticket: TicketDocument): void {
  ticket.version += 1;
  ticket.pendingEvents.push(outboxEvent('ticket:updated', ticketEventData(ticket)));
}
