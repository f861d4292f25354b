import { OrderStatus, type EventData } from '@ticketing/common';
import { Types } from 'mongoose';

export const objectId = (): string => new Types.ObjectId().toHexString();

/** Order events as the orders service publishes them, for a given order and ticket. */
export function orderCreated(orderId: string, ticketId: string, price = 2000): EventData<'order:created'> {
  return {
    id: orderId,
    version: 0,
    status: OrderStatus.Created,
    userId: objectId(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: ticketId, price },
  };
}

export function orderCancelled(orderId: string, ticketId: string): EventData<'order:cancelled'> {
  return { id: orderId, version: 1, userId: objectId(), ticket: { id: ticketId } };
}

export function orderCompleted(orderId: string, ticketId: string): EventData<'order:completed'> {
  return { id: orderId, version: 2, userId: objectId(), ticket: { id: ticketId } };
}
