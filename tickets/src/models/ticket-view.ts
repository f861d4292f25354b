import type { Types } from 'mongoose';
import { toDollars } from '@ticketing/common';
import type { Ticket } from './ticket';

/** The ticket as the API shows it: `id`, price in dollars, and nothing internal. */
export interface TicketView {
  id: string;
  title: string;
  price: number;
  userId: string;
  orderId: string | null;
  sold: boolean;
  /** When it sold (the buying order completed); null while unsold. */
  soldAt: string | null;
  version: number;
  createdAt: string;
}

/** What the view reads: a hydrated ticket, or a lean one read without its history and outbox. */
export type ShownTicket = Pick<
  Ticket,
  'title' | 'price' | 'userId' | 'orderId' | 'sold' | 'version' | 'createdAt'
> &
  Partial<Pick<Ticket, 'soldAt'>> & {
    _id: Types.ObjectId;
  };

export function ticketView(ticket: ShownTicket): TicketView {
  return {
    id: ticket._id.toHexString(),
    title: ticket.title,
    price: toDollars(ticket.price),
    userId: ticket.userId,
    orderId: ticket.orderId ?? null,
    sold: ticket.sold,
    soldAt: ticket.soldAt ? ticket.soldAt.toISOString() : null,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
  };
}
