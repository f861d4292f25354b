import { ChargeStatus, OrderStatus } from '@ticketing/common';
import { Order } from '../models/order';
import type { PaymentGateway } from '../gateway';
import { onNotCharged, onOrderCancelled, onSucceeded } from './charge-decisions';
import { changeCharge, type ChargeRef, type StoredCharge } from './change-charge';
import { tryRefund } from './refund-charge';

export type { SettledCharge, StoredCharge } from './change-charge';

export interface SettleDeps {
  gateway: PaymentGateway;
}

const replicaStatus = async (orderId: string) =>
  (await Order.findById(orderId).select({ status: 1 }).lean())?.status;

/**
 * Records a successful payment. The route, the Stripe webhook and the reconciler all come here; whoever is
 * second finds the charge settled and leaves it alone. If the replica says the order was cancelled (or the
 * charge had been declared failed), the same write records `refund_due` instead, announces nothing, and the
 * refund is asked once at once (the reconciler retries it until the processor confirms). No gateway call
 * happens inside a write.
 */
export async function completeCharge(
  { gateway }: SettleDeps,
  charge: ChargeRef,
  paymentIntentId: string,
): Promise<StoredCharge> {
  const { orderId } = charge;
  let settled = await changeCharge(charge, async (current) =>
    onSucceeded(current, paymentIntentId, await replicaStatus(orderId), new Date()),
  );
  // A cancel that reached the replica after the look above: its listener reads the charge after updating the
  // replica, and this reads the replica after writing the charge, so at least one of the two sees the other.
  if (settled.status === ChargeStatus.Completed && (await replicaStatus(orderId)) === OrderStatus.Cancelled) {
    settled = await changeCharge(charge, (current) => onOrderCancelled(current, new Date()));
  }
  return settled.status === ChargeStatus.RefundDue ? tryRefund(gateway, settled) : settled;
}

/** Records a definite "not charged" (the orders service cancels the order on payment:failed). */
export function failCharge(charge: ChargeRef, reason: string): Promise<StoredCharge> {
  return changeCharge(charge, (current) => onNotCharged(current, reason));
}
