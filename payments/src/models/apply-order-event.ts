import { withDocumentLock } from '@ticketing/common';
import { Order, type OrderDocument } from './order';

export type OrderFields = Pick<Order, 'userId' | 'status'> & Partial<Pick<Order, 'price' | 'expiresAt'>>;

/**
 * Applies one order event to the replica: creates the copy if this is the first event seen for the order
 * (whichever subject it is), else applies it only when it is newer than the copy. Stale and duplicate events
 * change nothing. Returns the replica as it now stands.
 */
export function applyOrderEvent(id: string, version: number, fields: OrderFields): Promise<OrderDocument> {
  return withDocumentLock(Order, id, async () => {
    const copy = await Order.findById(id);
    if (!copy) return Order.create({ _id: id, ...fields, version });
    if (version <= copy.version) return copy;
    copy.set({ ...fields, version });
    await copy.save();
    return copy;
  });
}
