import { ChargeStatus, OrderStatus, changeVersioned, logger, outboxEvent } from '@ticketing/common';
import { Charge } from '../models/charge';
import { Order } from '../models/order';
import type { PaymentGateway } from '../gateway';
import { askRefund, refundPaidCharge } from './refund-charge';

export interface SettleDeps {
  gateway: PaymentGateway;
}

/** The charge as it stands after settling. */
export type SettledCharge = Pick<
  Charge,
  '_id' | 'orderId' | 'status' | 'stripeId' | 'stripeRefundId' | 'failureReason' | 'version'
>;

type ChargeRef = Pick<Charge, '_id' | 'orderId'>;

const isCancelled = async (orderId: string) =>
  (await Order.findById(orderId).select({ status: 1 }).lean())?.status === OrderStatus.Cancelled;

/**
 * Records a successful payment. Both the synchronous route and the Stripe webhook come here; whichever is
 * second finds the charge settled and leaves it alone. If the order was cancelled while the card was being
 * charged, the money goes back at once and nothing is announced. No gateway call happens inside a write.
 */
export async function completeCharge(
  { gateway }: SettleDeps,
  charge: ChargeRef,
  paymentIntentId: string,
): Promise<SettledCharge> {
  const { orderId } = charge;
  const refundId = (await isCancelled(orderId))
    ? await askRefund(gateway, orderId, paymentIntentId)
    : undefined;
  const settled = await changeVersioned(Charge, charge._id, (current, version) => {
    if (!current) throw new Error(`charge of order ${orderId} disappeared`);
    if (current.status !== ChargeStatus.Created) return { result: current };
    const set = {
      status: ChargeStatus.Completed,
      stripeId: paymentIntentId,
      ...(refundId ? { stripeRefundId: refundId } : {}),
    };
    const events = refundId
      ? []
      : [
          outboxEvent('payment:created', {
            id: current._id.toHexString(),
            orderId,
            stripeId: paymentIntentId,
          }),
        ];
    return { result: { ...current, ...set, version } as SettledCharge, set, events };
  });
  if (refundId && settled.stripeRefundId === refundId) {
    logger.info({ orderId }, 'order was cancelled during the payment; refunded');
  }
  // A cancel that reached the replica after the look above: its listener reads the charge after updating the
  // replica, and this reads the replica after writing the charge, so at least one of the two sees the other and
  // refunds (the refund's idempotency key makes two of them one).
  if (settled.status === ChargeStatus.Completed && !settled.stripeRefundId && (await isCancelled(orderId))) {
    await refundPaidCharge(gateway, orderId);
    return (await Charge.findById(charge._id).lean()) ?? settled;
  }
  return settled;
}

/** Records a declined payment (the orders service cancels the order on payment:failed). */
export function failCharge(charge: ChargeRef, reason: string): Promise<SettledCharge> {
  return changeVersioned(Charge, charge._id, (current, version) => {
    if (!current) throw new Error(`charge of order ${charge.orderId} disappeared`);
    if (current.status !== ChargeStatus.Created) return { result: current };
    const set = { status: ChargeStatus.Failed, failureReason: reason };
    return {
      result: { ...current, ...set, version } as SettledCharge,
      set,
      events: [outboxEvent('payment:failed', { orderId: charge.orderId, reason })],
    };
  });
}
