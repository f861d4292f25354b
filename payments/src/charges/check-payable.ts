import { BadRequestError, OrderStatus } from '@ticketing/common';
import type { Order } from '../models/order';

export const TOO_LATE_MESSAGE =
  'Too late to pay: this order lapses in a moment. Please order the ticket again.';

/** The copy may still say `created`: tickets' confirmation (and its price) is on its way. */
export const awaitsConfirmation = (order: Pick<Order, 'status'>) => order.status === OrderStatus.Created;

/** What a payable order may be charged, and the last moment its charge may still be confirmed. */
export interface Payable {
  amountCents: number;
  /** Epoch ms: `marginMs` before the order lapses. */
  confirmBy: number;
}

/**
 * Why an order may not be paid now, as the buyer should read it; otherwise the amount to charge: the price
 * tickets confirmed. A charge starts only with `marginMs` left before the lapse, so that a success is announced
 * to orders in time; closer than that the buyer is told so now, never paid and then cancelled.
 */
export function payable(
  order: Pick<Order, '_id' | 'status' | 'price' | 'expiresAt'>,
  now: number,
  marginMs: number,
): Payable {
  if (order.status === OrderStatus.Cancelled) throw new BadRequestError('Order cancelled');
  if (order.status === OrderStatus.Completed) throw new BadRequestError('Order already paid');
  if (order.status !== OrderStatus.AwaitingPayment) {
    throw new Error(`order ${order._id.toHexString()} is ${order.status}, not awaiting payment`);
  }
  // An awaiting_payment copy was written by order:confirmed, which carries both.
  if (order.price === undefined || !order.expiresAt) {
    throw new Error(`order ${order._id.toHexString()} has no confirmed price or expiry`);
  }
  const left = order.expiresAt.getTime() - now;
  if (left <= 0) throw new BadRequestError('Order expired');
  if (left < marginMs) throw new BadRequestError(TOO_LATE_MESSAGE);
  return { amountCents: order.price, confirmBy: order.expiresAt.getTime() - marginMs };
}
