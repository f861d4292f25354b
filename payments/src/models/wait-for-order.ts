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

/**
 * Starts listening for this process applying an event of the order. Made before the order is read, so that an
 * event applied while the read is in flight still wakes the payment (made after it, the wake-up was lost and the
 * payment slept its whole pause).
 */
function watchOrder(orderId: string): { appliedOrAfter(ms: number): Promise<void>; stop(): void } {
  let wake!: () => void;
  const applied = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const wakers = waiting.get(orderId) ?? new Set<() => void>();
  wakers.add(wake);
  waiting.set(orderId, wakers);
  return {
    async appliedOrAfter(ms) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([applied, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    },
    stop() {
      wakers.delete(wake);
      if (wakers.size === 0 && waiting.get(orderId) === wakers) waiting.delete(orderId);
    },
  };
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
    const watch = watchOrder(orderId);
    try {
      const order = await Order.findById(orderId);
      const left = deadline - Date.now();
      if ((order && ready(order)) || left <= 0) return order;
      await watch.appliedOrAfter(Math.min(pause, left));
    } finally {
      watch.stop();
    }
  }
}
