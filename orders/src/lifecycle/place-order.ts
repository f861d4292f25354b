import { Types } from 'mongoose';
import {
  BadRequestError,
  BusyError,
  OrderStatus,
  insertWithEvents,
  isDuplicateKeyError,
  outboxEvent,
} from '@ticketing/common';
import { Order, buyerSlots, holdKey, type OrderDocument } from '../models/order';
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

/** How often a new order reads the ticket's latest hold again after a parallel order took that number. */
const HOLD_SEQUENCE_ATTEMPTS = 5;

interface Claims {
  buyerSlot: string;
  holdSequence: number;
}

function newOrder(
  userId: string,
  ticketId: string,
  ticket: PlaceOrder['ticket'],
  { buyerSlot, holdSequence }: Claims,
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
    holdSequence,
    holdKey: holdKey(ticketId, holdSequence),
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
      holdSequence,
    }),
  );
  return order;
}

/** One more than the ticket's latest hold (orders placed before hold sequences existed count as 0). */
async function nextHoldSequence(ticketId: string): Promise<number> {
  const latest = await Order.findOne({ 'ticket.id': ticketId })
    .sort({ holdSequence: -1 })
    .select({ holdSequence: 1 })
    .lean();
  return (latest?.holdSequence ?? 0) + 1;
}

/** How many tickets' latest holds this process remembers. */
const KNOWN_HOLDS = 10_000;

/**
 * The latest hold of recently ordered tickets as this process last saw it (an order it placed, or a read). Hold
 * numbers only grow and are taken one after another, so one more than a remembered hold is never past the next
 * free one: at worst it is taken already, which the unique index says, and the latest is read then.
 */
const knownHolds = new Map<string, number>();

function rememberHold(ticketId: string, holdSequence: number): void {
  if ((knownHolds.get(ticketId) ?? 0) > holdSequence) return;
  knownHolds.delete(ticketId);
  knownHolds.set(ticketId, holdSequence);
  if (knownHolds.size > KNOWN_HOLDS) knownHolds.delete(knownHolds.keys().next().value!);
}

/**
 * Places an order as one insert that takes three claims at once, each guarded by a unique index: the ticket
 * (`lockKey` = ticket id: one live order per ticket), the ticket's next hold sequence number (`holdKey`: the
 * order of holds, which tickets goes by) and one of the buyer's open-order slots (`buyerSlot`: at most
 * `maxOpenOrders` open orders per buyer). Since a ticket is held by one order at a time, the lock and the hold
 * number are taken together: a hold number taken by a parallel order means the ticket moved on, so it is read
 * again. The slots known to be free are tried in turn. Nothing is checked and then acted on.
 */
export async function placeOrder({
  userId,
  ticket,
  expirationWindowSeconds,
  maxOpenOrders,
}: PlaceOrder): Promise<OrderDocument> {
  const slots = buyerSlots(userId, maxOpenOrders);
  const ticketId = ticket._id.toHexString();
  // A ticket's first order, or one this process knows the latest hold of, is tried without reading the hold.
  let holdSequence = (knownHolds.get(ticketId) ?? 0) + 1;
  let holdAttempts = 0;
  /** The order if this slot was free, undefined if a parallel order of the buyer holds it. */
  const attempt = async (buyerSlot: string): Promise<OrderDocument | undefined> => {
    for (;;) {
      const order = newOrder(userId, ticketId, ticket, { buyerSlot, holdSequence }, expirationWindowSeconds);
      try {
        await insertWithEvents(order);
        rememberHold(ticketId, holdSequence);
        return order;
      } catch (err) {
        if (isDuplicateKeyError(err, 'lockKey')) throw new BadRequestError('Ticket is already reserved');
        if (isDuplicateKeyError(err, 'buyerSlot')) return undefined;
        if (!isDuplicateKeyError(err, 'holdKey')) throw err;
        if (holdAttempts >= HOLD_SEQUENCE_ATTEMPTS) throw new BusyError('The ticket');
        holdAttempts += 1;
        holdSequence = await nextHoldSequence(ticketId);
        rememberHold(ticketId, holdSequence - 1);
      }
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
