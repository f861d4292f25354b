import { Types } from 'mongoose';
import {
  BadRequestError,
  OrderStatus,
  insertWithEvents,
  isDuplicateKeyError,
  outboxEvent,
} from '@ticketing/common';
import { Order, buyerSlots, type OrderDocument } from '../models/order';
import type { TicketAttrs } from '../models/ticket';

export interface PlaceOrder {
  userId: string;
  ticket: Pick<TicketAttrs, '_id' | 'title' | 'price'>;
  expirationWindowSeconds: number;
  maxOpenOrders: number;
}

export const tooManyOpenOrders = (max: number) =>
  new BadRequestError(
    `You already hold ${max} open orders; pay for or cancel one before ordering another ticket`,
  );

function newOrder(
  userId: string,
  ticketId: string,
  ticket: PlaceOrder['ticket'],
  buyerSlot: string,
  expirationWindowSeconds: number,
): OrderDocument {
  const id = new Types.ObjectId();
  const expiresAt = new Date(Date.now() + expirationWindowSeconds * 1000);
  const order = new Order({
    _id: id,
    userId,
    status: OrderStatus.Created,
    expiresAt,
    ticket: { id: ticketId, title: ticket.title, price: ticket.price },
    version: 0,
    lockKey: ticketId,
    buyerSlot,
  });
  order.pendingEvents.push(
    outboxEvent('order:created', {
      id: id.toHexString(),
      version: 0,
      status: OrderStatus.Created,
      userId,
      expiresAt: expiresAt.toISOString(),
      ticket: { id: ticketId, price: ticket.price },
    }),
  );
  return order;
}

/**
 * Places an order as one insert that takes two claims at once, each guarded by a unique index: the ticket
 * (`lockKey` = ticket id: one live order per ticket) and one of the buyer's open-order slots (`buyerSlot`: at
 * most `maxOpenOrders` open orders per buyer). The slots known to be free are tried in turn; a slot taken by a
 * parallel order of the same buyer just moves on to the next. Nothing is checked and then acted on.
 */
export async function placeOrder({
  userId,
  ticket,
  expirationWindowSeconds,
  maxOpenOrders,
}: PlaceOrder): Promise<OrderDocument> {
  const slots = buyerSlots(userId, maxOpenOrders);
  const ticketId = ticket._id.toHexString();
  /** The order if this slot was free, undefined if a parallel order of the buyer holds it. */
  const attempt = async (buyerSlot: string): Promise<OrderDocument | undefined> => {
    try {
      return await insertWithEvents(newOrder(userId, ticketId, ticket, buyerSlot, expirationWindowSeconds));
    } catch (err) {
      if (isDuplicateKeyError(err, 'lockKey')) throw new BadRequestError('Ticket is already reserved');
      if (isDuplicateKeyError(err, 'buyerSlot')) return undefined;
      throw err;
    }
  };
  // Most buyers hold no open order, so the first slot is tried blind; only when it is taken are the free ones
  // looked up and tried in turn.
  const [first, ...rest] = slots;
  const placed = first === undefined ? undefined : await attempt(first);
  if (placed) return placed;
  const taken = new Set(
    (
      await Order.find({ buyerSlot: { $in: rest } })
        .select({ buyerSlot: 1 })
        .lean()
    ).map((o) => o.buyerSlot),
  );
  for (const buyerSlot of rest.filter((slot) => !taken.has(slot))) {
    const order = await attempt(buyerSlot);
    if (order) return order;
  }
  throw tooManyOpenOrders(maxOpenOrders);
}
