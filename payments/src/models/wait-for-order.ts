import { Order, type OrderDocument } from './order';

/** Payments waiting in this process for an order's first event, by order id. */
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
 * This service learns of an order from the orders service's event, which can trail the buyer by a moment (a
 * buyer may pay right after ordering). So an order not known yet is waited for a short while before the request
 * is answered 404: it is read again as soon as this process applies the order's event (no polling of the
 * database under a burst of early payments), and every `recheckMs` in case another replica of the service
 * received the event.
 */
export async function findOrderAllowingLag(
  orderId: string,
  { waitMs, recheckMs }: { waitMs: number; recheckMs: number },
): Promise<OrderDocument | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const order = await Order.findById(orderId);
    const left = deadline - Date.now();
    if (order || left <= 0) return order;
    await appliedOrAfter(orderId, Math.min(recheckMs, left));
  }
}
