import { ChargeStatus, logger } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { PaymentGateway } from '../gateway';
import { describeGatewayError, safely } from '../gateway/gateway-error';
import { onRefunded } from './charge-decisions';
import { refundKey } from './keys';
import { changeCharge, type ChargeRef, type StoredCharge } from './change-charge';

/**
 * Gives the money back for a charge that owes it (`refund_due`) and records `refunded` with the refund's id.
 * Safe to repeat and to race: the processor's idempotency key makes every ask for one order the same refund,
 * and the write is conditioned on the charge still owing it. Rejects when the processor cannot answer now.
 */
export async function settleRefund(gateway: PaymentGateway, charge: ChargeRef): Promise<StoredCharge> {
  const current = await Charge.findById(charge._id).select({ pendingEvents: 0 }).lean<StoredCharge>();
  if (!current) throw new Error(`charge of order ${charge.orderId} disappeared`);
  const paymentIntentId = current.stripeId;
  if (current.status !== ChargeStatus.RefundDue || !paymentIntentId) return current;
  const { refundId } = await safely('refund', () =>
    gateway.refund({ paymentIntentId, idempotencyKey: refundKey(current.orderId) }),
  );
  const settled = await changeCharge(current, (now) => onRefunded(now, refundId));
  logger.info({ orderId: current.orderId }, 'refunded the payment of an order that did not complete');
  return settled;
}

/**
 * The refund asked once, right when it becomes due. If the processor cannot answer, `refund_due` is already
 * recorded and the reconciler retries: this is logged, not thrown, so the buyer's answer or the cancel's ack
 * does not wait on the processor.
 */
export async function tryRefund(gateway: PaymentGateway, charge: StoredCharge): Promise<StoredCharge> {
  try {
    return await settleRefund(gateway, charge);
  } catch (err) {
    logger.warn(
      { orderId: charge.orderId, gateway: describeGatewayError(err) },
      'refund not confirmed yet; the reconciler will retry it',
    );
    return charge;
  }
}
