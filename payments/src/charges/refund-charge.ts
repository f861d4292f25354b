import { ChargeStatus, logger, withDocumentLock } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { PaymentGateway } from '../gateway';
import { refundKey } from './keys';
import { safely } from '../gateway/gateway-error';

/**
 * Gives the money back for a cancelled order that was nevertheless paid (the payment succeeded just before
 * the cancel reached this service). Safe to repeat: under the charge's lock, a recorded refund is never
 * asked for again, and the processor's idempotency key covers a crash between refunding and recording it.
 */
export async function refundPaidCharge(gateway: PaymentGateway, orderId: string): Promise<void> {
  const charge = await Charge.findOne({ orderId });
  if (!charge || charge.status !== ChargeStatus.Completed || charge.stripeRefundId) return;
  await withDocumentLock(Charge, charge._id, async () => {
    const current = await Charge.findById(charge._id);
    if (!current?.stripeId || current.status !== ChargeStatus.Completed || current.stripeRefundId) return;
    const paymentIntentId = current.stripeId;
    const { refundId } = await safely('refund', () =>
      gateway.refund({ paymentIntentId, idempotencyKey: refundKey(orderId) }),
    );
    current.stripeRefundId = refundId;
    await current.save();
    logger.info({ orderId }, 'refunded the payment of a cancelled order');
  });
}
