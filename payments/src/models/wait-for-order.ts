import { Order, type OrderDocument } from './order';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * This service learns of an order from the orders service's event, which can trail the buyer by a moment (a
 * buyer may pay right after ordering). So an order not known yet is looked for again for a short while before
 * the request is answered 404.
 */
export async function findOrderAllowingLag(orderId: string, waitMs: number): Promise<OrderDocument | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const order = await Order.findById(orderId);
    if (order || Date.now() >= deadline) return order;
    await sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}
