import type { Types } from 'mongoose';
import { ChargeStatus, OrderStatus, logger, outboxEvent, withDocumentLock } from '@ticketing/common';
import { Charge, type ChargeDocument } from '../models/charge';
import { Order } from '../models/order';
import type { PaymentGateway } from '../gateway';
import { refundKey } from './keys';
import { safely } from '../gateway/gateway-error';

export interface SettleDeps {
  gateway: PaymentGateway;
  /** Told when a charge got a pending event, so it goes out now rather than on the next sweep. */
  relay: { kick(id?: Types.ObjectId | string): void };
}

/**
 * Records a successful payment. Both the synchronous route and the Stripe webhook come here; whichever is
 * second finds the charge settled and leaves it alone. If the order was cancelled while the card was being
 * charged, the money goes back at once and nothing is announced.
 */
export async function completeCharge(
  { gateway, relay }: SettleDeps,
  charge: ChargeDocument,
  paymentIntentId: string,
): Promise<ChargeDocument> {
  const settled = await withDocumentLock(Charge, charge._id, async () => {
    const current = await Charge.findById(charge._id);
    if (!current) throw new Error(`charge ${charge.id} disappeared`);
    if (current.status !== ChargeStatus.Created) return current;
    const order = await Order.findById(current.orderId);
    current.status = ChargeStatus.Completed;
    current.stripeId = paymentIntentId;
    if (order?.status === OrderStatus.Cancelled) {
      const idempotencyKey = refundKey(current.orderId);
      const { refundId } = await safely('refund', () => gateway.refund({ paymentIntentId, idempotencyKey }));
      current.stripeRefundId = refundId;
      logger.info({ orderId: current.orderId }, 'order was cancelled during the payment; refunded');
    } else {
      current.pendingEvents.push(
        outboxEvent('payment:created', {
          id: current.id,
          orderId: current.orderId,
          stripeId: paymentIntentId,
        }),
      );
    }
    await current.save();
    return current;
  });
  relay.kick(charge._id);
  return settled;
}

/** Records a declined payment (the orders service cancels the order on payment:failed). */
export async function failCharge(
  { relay }: SettleDeps,
  charge: ChargeDocument,
  reason: string,
): Promise<ChargeDocument> {
  const settled = await withDocumentLock(Charge, charge._id, async () => {
    const current = await Charge.findById(charge._id);
    if (!current) throw new Error(`charge ${charge.id} disappeared`);
    if (current.status !== ChargeStatus.Created) return current;
    current.status = ChargeStatus.Failed;
    current.failureReason = reason;
    current.pendingEvents.push(outboxEvent('payment:failed', { orderId: current.orderId, reason }));
    await current.save();
    return current;
  });
  relay.kick(charge._id);
  return settled;
}
