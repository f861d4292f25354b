import { Order, type OrderDocument } from './order';

/** Payments waiting in this process for an event of an order, by order id. */
const waiting = new Map<string, Set<() => void>>();

/**
 * Says that this process has just applied an event of the order: payments waiting for it look again now. Called
 * by the replica's listeners after every write of a copy.
 */
export function orderApplied(orderId: string): void {
  const wakers = waiting.get(orderId);
  if (!wakers) return;
  waiting.delete(orderId);
  for (const wake of wakers) wake();
}

/** Resolves when the order is applied here, or after `ms`, whichever comes first. */
function appliedOrAfter(orderId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wakers = waiting.get(orderId) ?? new Set<() => void>();
    const wake = () => {
      clearTimeout(timer);
      wakers.delete(wake);
      if (wakers.size === 0 && waiting.get(orderId) === wakers) waiting.delete(orderId);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    wakers.add(wake);
    waiting.set(orderId, wakers);
  });
}

/**
 * This service learns of an order from the orders service's events, which can trail the buyer by a moment (a
 * buyer may pay right after ordering, or before tickets' confirmation has reached this service). So an order
 * not known yet, or not yet as `ready` wants it, is waited for a short while: it is read again as soon as this
 * process applies an event of the order (no polling of the database under a burst of early payments), and after
 * `recheckMs`, then twice as long each time, in case another replica of the service received the event (the
 * pause grows so that a burst of payments waiting on a slow confirmation does not poll the database four times a
 * second each). Resolves with the copy as it stands then (null if there is none), ready or not.
 */
export async function findOrderAllowingLag(
  orderId: string,
  {
    waitMs,
    recheckMs,
    ready = () => true,
  }: { waitMs: number; recheckMs: number; ready?: (order: OrderDocument) => boolean },
): Promise<OrderDocument | null> {
  const deadline = Date.now() + waitMs;
  for (let pause = recheckMs; ; pause *= 2) {
    const order = await Order.findById(orderId);
    const left = deadline - Date.now();
    if ((order && ready(order)) || left <= 0) return order;
    await appliedOrAfter(orderId, Math.min(pause, left));
  }
}
