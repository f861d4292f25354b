import { OutboxRelay, type EventData } from '@ticketing/common';
import { FakeBus, TEST_SESSION_KEYS, fakeUser } from '@ticketing/common/testing';
import { Types } from 'mongoose';
import { buildApp } from '../app';
import { eventListeners } from '../events/listeners';
import { Charge } from '../models/charge';
import { Order } from '../models/order';
import type { PaymentGateway } from '../gateway';
import { RecordingGateway } from './recording-gateway';

export const newId = () => new Types.ObjectId().toHexString();

/** The service as index.ts wires it, with a fake bus, and the gateway the test picks. */
export async function startService<G extends PaymentGateway = RecordingGateway>(
  options: {
    gateway?: G;
    stripeWebhookSecret?: string;
    orderLagMs?: number;
    orderRecheckMs?: number;
    paymentMarginMs?: number;
  } = {},
) {
  const gateway = (options.gateway ?? new RecordingGateway()) as G;
  const bus = new FakeBus('payments-service');
  const relay = new OutboxRelay(bus, [Charge]);
  for (const listener of eventListeners(bus, gateway)) await listener.listen();
  const app = buildApp({
    sessionKeys: TEST_SESSION_KEYS,
    bus,
    gateway,
    stripeWebhookSecret: options.stripeWebhookSecret,
    orderLagMs: options.orderLagMs ?? 300,
    orderRecheckMs: options.orderRecheckMs,
    paymentMarginMs: options.paymentMarginMs,
  });
  return { app, bus, relay, gateway };
}

export function orderCreated(
  overrides: Partial<EventData<'order:created'>> = {},
): EventData<'order:created'> {
  return {
    id: newId(),
    version: 0,
    status: 'created',
    userId: fakeUser().id,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: newId(), price: 2599 },
    holdSequence: 1,
    ...overrides,
  };
}

export function orderCancelled(
  order: { id: string; userId: string },
  version = 1,
): EventData<'order:cancelled'> {
  return { id: order.id, version, userId: order.userId, ticket: { id: newId() }, holdSequence: 1 };
}

/** Tickets' confirmation of an order, at `price` (by default the price the order was created with). */
export function orderConfirmed(
  created: EventData<'order:created'>,
  overrides: Partial<EventData<'order:confirmed'>> = {},
): EventData<'order:confirmed'> {
  return {
    id: created.id,
    version: created.version + 1,
    status: 'awaiting_payment',
    userId: created.userId,
    expiresAt: created.expiresAt,
    price: created.ticket.price,
    ...overrides,
  };
}

/** A confirmed order the buyer may pay now, written straight into the replica. */
export async function givenOrder(overrides: Partial<EventData<'order:created'>> = {}) {
  const data = orderCreated({ status: 'awaiting_payment', ...overrides });
  await Order.create({
    _id: data.id,
    userId: data.userId,
    status: data.status,
    price: data.ticket.price,
    expiresAt: new Date(data.expiresAt),
    version: data.version,
  });
  return { ...data, buyer: fakeUser({ id: data.userId }) };
}
