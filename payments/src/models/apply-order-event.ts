import { applyIfNewer, type ApplyOutcome } from '@ticketing/common';
import { Order } from './order';
import { orderApplied } from './wait-for-order';

export type OrderFields = Pick<Order, 'userId' | 'status'> & Partial<Pick<Order, 'price' | 'expiresAt'>>;

/**
 * Applies one order event to the replica: creates the copy if this is the first event seen for the order
 * (whichever subject it is), else applies it only when it is newer than the copy. Stale and duplicate events
 * change nothing. Payments waiting in this process for the order are told it is here.
 */
export async function applyOrderEvent(
  id: string,
  version: number,
  fields: OrderFields,
): Promise<ApplyOutcome> {
  const outcome = await applyIfNewer(Order, id, version, fields);
  orderApplied(id);
  return outcome;
}
