/** The shapes the services return (see DESIGN.md section 3). Prices are decimal dollars. */

export interface CurrentUser {
  id: string;
  email: string;
}

export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  /** The order holding the ticket (or, once sold, the one that bought it); null while for sale. */
  orderId: string | null;
  sold: boolean;
  /** When it sold (its buyer's order completed); null while unsold, or sold before sale times were kept. */
  soldAt: string | null;
  createdAt: string;
}

export type OrderStatus = 'created' | 'awaiting_payment' | 'completed' | 'cancelled';

export interface Order {
  id: string;
  status: OrderStatus;
  userId: string;
  expiresAt: string;
  /** When it was placed. DESIGN.md promises it; the orders service does not send it yet (see placedAt). */
  createdAt?: string;
  ticket: { id: string; title: string; price: number };
  version: number;
}

/** 201: the card was charged. */
export interface CompletedPayment {
  id: string;
  orderId: string;
  status: 'completed';
  stripeId: string;
}

/** 202: the outcome is not known yet (the processor's answer was lost); the order shows it once settled. */
export interface PendingPayment {
  id: string;
  orderId: string;
  status: 'pending';
  message: string;
}

export type Payment = CompletedPayment | PendingPayment;

export interface ApiErrorItem {
  message: string;
  field?: string;
}

/** One page of a newest-first list; `nextCursor` is the opaque cursor from the `Link: rel="next"` header. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type TicketState = 'for_sale' | 'reserved' | 'sold';

export function ticketState(ticket: Pick<Ticket, 'orderId' | 'sold'>): TicketState {
  if (ticket.sold) return 'sold';
  return ticket.orderId ? 'reserved' : 'for_sale';
}

/** An order the buyer can still pay for or cancel. */
export function isOpen(status: OrderStatus): boolean {
  return status === 'created' || status === 'awaiting_payment';
}

/** Sold tickets, latest sale first; those without a sale time (sold before it was kept) last. */
export function latestSaleFirst(a: Pick<Ticket, 'soldAt'>, b: Pick<Ticket, 'soldAt'>): number {
  return (b.soldAt ? Date.parse(b.soldAt) : -Infinity) - (a.soldAt ? Date.parse(a.soldAt) : -Infinity) || 0;
}
