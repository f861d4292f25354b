import type { Express } from 'express';
import { Types } from 'mongoose';
import { OrderStatus, OutboxRelay, type EventData } from '@ticketing/common';
import { FakeBus, TEST_SESSION_KEYS } from '@ticketing/common/testing';
import { buildApp } from '../app';
import { eventListeners } from '../events/listeners';
import {
  OPEN_STATUSES,
  Order,
  holdKey,
  releasedLockKey,
  type OrderAttrs,
  type OrderDocument,
} from '../models/order';
import { Ticket } from '../models/ticket';

export interface TestService {
  app: Express;
  bus: FakeBus;
  relay: OutboxRelay;
}

export interface ServiceOptions {
  expirationWindowSeconds?: number;
  maxOpenOrders?: number;
  /** The lapse grace (LAPSE_GRACE_SECONDS): none unless a test is about it, so that a lapse is at expiresAt. */
  lapseGraceMs?: number;
}

/** The orders service in-process: the real app, listeners and outbox relay over a fake bus. */
export async function startService({
  expirationWindowSeconds = 900,
  maxOpenOrders = 5,
  lapseGraceMs = 0,
}: ServiceOptions = {}): Promise<TestService> {
  const bus = new FakeBus('orders-service');
  const relay = new OutboxRelay(bus, [Order]);
  for (const listener of eventListeners(bus, { lapseGraceMs })) await listener.listen();
  const app = buildApp({ sessionKeys: TEST_SESSION_KEYS, bus, expirationWindowSeconds, maxOpenOrders });
  return { app, bus, relay };
}

export const newId = () => new Types.ObjectId().toHexString();

/** A ticket in the replica, as ticket:created would have left it. */
export async function givenTicket(
  overrides: Partial<EventData<'ticket:created'>> = {},
): Promise<EventData<'ticket:created'>> {
  const data = { id: newId(), version: 0, title: 'Concert', price: 2000, userId: newId(), ...overrides };
  await Ticket.create({
    _id: data.id,
    title: data.title,
    price: data.price,
    userId: data.userId,
    version: data.version,
  });
  return data;
}

/** An order's window, already over: what expiration:complete and the sweeper act on. */
export const lapsed = () => new Date(Date.now() - 1_000);

/** An order stored as the service would have left it, in any state. */
export async function givenOrder(
  overrides: Partial<
    Pick<OrderAttrs, 'status' | 'version' | 'expiresAt' | 'userId' | 'createdAt' | 'holdSequence'>
  > & {
    ticketId?: string;
  } = {},
): Promise<OrderDocument> {
  const { ticketId = newId(), status = OrderStatus.Created, holdSequence = 1, ...rest } = overrides;
  const id = new Types.ObjectId();
  return Order.create({
    _id: id,
    userId: newId(),
    status,
    expiresAt: new Date(Date.now() + 900_000),
    ticket: { id: ticketId, title: 'Concert', price: 2000 },
    version: 0,
    lockKey: status === OrderStatus.Cancelled ? releasedLockKey(id) : ticketId,
    holdSequence,
    holdKey: holdKey(ticketId, holdSequence),
    // An open order holds a slot of its own here; the cap itself is tested through the API.
    buyerSlot: OPEN_STATUSES.includes(status) ? `${id.toHexString()}#0` : releasedLockKey(id),
    ...rest,
  });
}
