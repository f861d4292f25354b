import type { Types } from 'mongoose';
import { toDollars, type Ticket as TicketJson } from '@ticketing/common';
import type { Ticket } from './ticket';

/** The ticket as the API shows it (the contract's `Ticket`): `id`, price in dollars, and nothing internal. */
export type TicketView = TicketJson;

/** What the view reads: a hydrated ticket, or a lean one read without its history and outbox. */
export type ShownTicket = Pick<
  Ticket,
  'title' | 'price' | 'userId' | 'orderId' | 'sold' | 'version' | 'createdAt'
> &
  Partial<Pick<Ticket, 'soldAt'>> & {
    _id: Types.ObjectId;
  };

/** Only what the view shows (and the list's sort keys): never the order history, outbox or search terms. */
export const VIEW_FIELDS = {
  title: 1,
  price: 1,
  userId: 1,
  orderId: 1,
  sold: 1,
  soldAt: 1,
  version: 1,
  createdAt: 1,
} as const;

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
