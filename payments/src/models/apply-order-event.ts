import { applyIfNewer } from '@ticketing/common';
import { Order } from './order';

export type OrderFields = Pick<Order, 'userId' | 'status'> & Partial<Pick<Order, 'price' | 'expiresAt'>>;

/**
 * Applies one order event to the replica: creates the copy if this is the first event seen for the order
 * (whichever subject it is), else applies it only when it is newer than the copy. Stale and duplicate events
 * change nothing. Returns the replica as it now stands.
 */
export async function applyOrderEvent(id: string, version: number, fields: OrderFields): Promise<Order> {
  await applyIfNewer(Order, id, version, fields);
  const copy = await Order.findById(id).lean();
  if (!copy) throw new Error(`order ${id} missing right after it was applied`);
  return copy;
}
