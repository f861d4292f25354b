import { changeVersioned } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { ChargeChange } from './charge-decisions';

/** The charge as it stands after settling. */
export type SettledCharge = Pick<
  Charge,
  '_id' | 'orderId' | 'status' | 'stripeId' | 'stripeRefundId' | 'failureReason' | 'version'
>;

/** A charge as read without its outbox. */
export type StoredCharge = Omit<Charge, 'pendingEvents'>;

export type ChargeRef = Pick<Charge, '_id' | 'orderId'>;

/**
 * One decision (charges/charge-decisions.ts) about a charge as one write conditioned on the version it read,
 * decided again on a lost race. Resolves with the charge as it then stands.
 */
export function changeCharge(
  charge: ChargeRef,
  decide: (current: StoredCharge) => ChargeChange | Promise<ChargeChange>,
): Promise<StoredCharge> {
  return changeVersioned(Charge, charge._id, async (current, version) => {
    if (!current) throw new Error(`charge of order ${charge.orderId} disappeared`);
    const { set, events } = await decide(current);
    if (!set) return { result: current as StoredCharge };
    return { result: { ...current, ...set, version } as StoredCharge, set, events };
  });
}
