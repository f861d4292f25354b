/**
 * The shapes the services return are the API contract's types: z.infer of the schemas the services validate
 * and document with (common/src/api). Imported as types only, so nothing of it is bundled. Prices are dollars.
 */
import type { OrderStatusName, Ticket, User } from '@ticketing/common/api';

export type {
  ApiErrorItem,
  CompletedPayment,
  Order,
  Payment,
  PendingPayment,
  Ticket,
} from '@ticketing/common/api';

export type CurrentUser = User;
export type OrderStatus = OrderStatusName;

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
