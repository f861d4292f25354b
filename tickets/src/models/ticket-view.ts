import { toDollars } from '@ticketing/common';
import type { TicketDocument } from './ticket';

/** The ticket as the API shows it: `id`, price in dollars, and nothing internal. */
export interface TicketView {
  id: string;
  title: string;
  price: number;
  userId: string;
  orderId: string | null;
  sold: boolean;
  version: number;
  createdAt: string;
}

export function ticketView(ticket: TicketDocument): TicketView {
  return {
    id: ticket._id.toHexString(),
    title: ticket.title,
    price: toDollars(ticket.price),
    userId: ticket.userId,
    orderId: ticket.orderId ?? null,
    sold: ticket.sold,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
  };
}
