import { Ticket } from '../models/ticket';
import type { Harness } from './harness';

/** The stored reservation fields of a ticket. */
export async function reservationOf(ticketId: string) {
  const ticket = await Ticket.findById(ticketId).lean();
  if (!ticket) throw new Error(`ticket ${ticketId} missing`);
  return { orderId: ticket.orderId, sold: ticket.sold, version: ticket.version };
}

/** Publishes what is pending, then returns the ticket:updated events of one ticket, oldest first. */
export async function updatesOf(h: Harness, ticketId: string) {
  await h.relay.flush();
  return h.bus.publishedData('ticket:updated').filter((event) => event.id === ticketId);
}
