import { BadRequestError, ChargeStatus, isDuplicateKeyError, rememberVersioned } from '@ticketing/common';
import { Charge } from '../models/charge';

const REFUSAL: Record<ChargeStatus, string> = {
  [ChargeStatus.Completed]: 'Order already paid',
  [ChargeStatus.Created]: 'Payment already in progress',
  // A declined payment cancels the order.
  [ChargeStatus.Failed]: 'Order cancelled',
  // Paid, but the order was cancelled meanwhile: the money goes back.
  [ChargeStatus.RefundDue]: 'Order cancelled',
  [ChargeStatus.Refunded]: 'Order cancelled',
};

/**
 * Claims the one charge an order may have. The insert against the unique orderId index is the guard: of any
 * number of simultaneous attempts exactly one gets here, the others learn why they may not pay. The reconciler
 * looks at the charge from `reconcileAt` on, in case this attempt never settles it.
 */
export async function claimCharge(orderId: string, amount: number, reconcileAt: Date): Promise<Charge> {
  try {
    const charge = (
      await Charge.create({ orderId, status: ChargeStatus.Created, amount, reconcileAt, attempts: 0 })
    ).toObject();
    // Its next changes (the intent's id, the outcome) are made in this process, from this copy.
    rememberVersioned(Charge, charge);
    return charge;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const existing = await Charge.findOne({ orderId });
  if (!existing) throw new Error(`charge of order ${orderId} reported as duplicate but not found`);
  throw new BadRequestError(REFUSAL[existing.status]);
}
