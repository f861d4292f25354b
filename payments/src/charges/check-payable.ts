import { BadRequestError, OrderStatus } from '@ticketing/common';
import type { OrderDocument } from '../models/order';

/** Why an order may not be paid now, as the buyer should read it; returns the amount to charge otherwise. */
export function payableAmount(order: OrderDocument, now = Date.now()): number {
  if (order.status === OrderStatus.Cancelled) throw new BadRequestError('Order cancelled');
  if (order.status === OrderStatus.Completed) throw new BadRequestError('Order already paid');
  if (order.expiresAt && order.expiresAt.getTime() <= now) throw new BadRequestError('Order expired');
  // Only a copy started by a cancel or complete lacks a price, and those were refused above.
  if (order.price === undefined) throw new Error(`order ${order.id} has no price`);
  return order.price;
}
