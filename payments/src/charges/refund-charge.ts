import { ChargeStatus, changeVersioned, logger } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { PaymentGateway } from '../gateway';
import { refundKey } from './keys';
import { safely } from '../gateway/gateway-error';

/** Asks the processor for the refund of an order's payment; every ask for one order is the same refund. */
export async function askRefund(
  gateway: PaymentGateway,
  orderId: string,
  paymentIntentId: string,
): Promise<string> {
  const { refundId } = await safely('refund', () =>
    gateway.refund({ paymentIntentId, idempotencyKey: refundKey(orderId) }),
  );
  return refundId;
}

/**
 * Gives the money back for a cancelled order that was nevertheless paid (the payment succeeded just before
 * the cancel reached this service). Safe to repeat and to race: the processor's idempotency key makes every
 * call the same refund, and the refund id is recorded only once, by a write conditioned on the charge's version.
 */
export async function refundPaidCharge(gateway: PaymentGateway, orderId: string): Promise<void> {
  const charge = await Charge.findOne({ orderId }).select({ pendingEvents: 0 }).lean();
  if (!charge?.stripeId || charge.status !== ChargeStatus.Completed || charge.stripeRefundId) return;
  const refundId = await askRefund(gateway, orderId, charge.stripeId);
  const recorded = await changeVersioned(Charge, charge._id, (current) =>
    current && !current.stripeRefundId
      ? { result: true, set: { stripeRefundId: refundId } }
      : { result: false },
  );
  if (recorded) logger.info({ orderId }, 'refunded the payment of a cancelled order');
}
