import { randomBytes } from 'node:crypto';
import { OrderStatus, type EventData } from '@ticketing/common';

export const objectId = (): string => randomBytes(12).toString('hex');

/** An order:created for a fresh order that lapses `expiresInMs` from now (negative: already overdue). */
export function orderCreated(expiresInMs: number): EventData<'order:created'> {
  return {
    id: objectId(),
    version: 0,
    status: OrderStatus.Created,
    userId: objectId(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    ticket: { id: objectId(), price: 1999 },
    holdSequence: 1,
  };
}

/** The order:cancelled or order:completed that ends an order. */
export function orderEnded(order: EventData<'order:created'>): EventData<'order:cancelled'> {
  return {
    id: order.id,
    version: order.version + 1,
    userId: order.userId,
    ticket: { id: order.ticket.id },
    holdSequence: order.holdSequence,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails with `what` if it does not within `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
