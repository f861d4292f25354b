import { toDollars, type Order } from '@ticketing/common';
import type { OrderAttrs } from './order';

/** The order as the API shows it: the contract's `Order`. */
export type OrderView = Order;

/** The API shape of an order: `id`, prices in dollars, and nothing internal (lock key, buyer slot, outbox). */
export function orderView(
  order: Pick<OrderAttrs, '_id' | 'status' | 'userId' | 'expiresAt' | 'createdAt' | 'ticket' | 'version'>,
): OrderView {
  return {
    id: order._id.toHexString(),
    status: order.status,
    userId: order.userId,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    ticket: { id: order.ticket.id, title: order.ticket.title, price: toDollars(order.ticket.price) },
    version: order.version,
  };
}
