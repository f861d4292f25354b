import { OrderStatus, type EventData } from '@ticketing/common';
import { Types } from 'mongoose';

export const objectId = (): string => new Types.ObjectId().toHexString();

/**
 * Order events as the orders service publishes them, for a given order and ticket. `hold` is the order's hold
 * sequence on the ticket: orders gives the ticket's first order 1, the next 2, and so on.
 */
export function orderCreated(
  orderId: string,
  ticketId: string,
  hold = 1,
  price = 2000,
): EventData<'order:created'> {
  return {
    id: orderId,
    version: 0,
    status: OrderStatus.Created,
    userId: objectId(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: ticketId, price },
    holdSequence: hold,
  };
}

export function orderCancelled(orderId: string, ticketId: string, hold = 1): EventData<'order:cancelled'> {
  return { id: orderId, version: 1, userId: objectId(), ticket: { id: ticketId }, holdSequence: hold };
}

export function orderCompleted(orderId: string, ticketId: string, hold = 1): EventData<'order:completed'> {
  return { id: orderId, version: 2, userId: objectId(), ticket: { id: ticketId }, holdSequence: hold };
}
