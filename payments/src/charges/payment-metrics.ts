import { ChargeStatus, counter } from '@ticketing/common';
import type { Reconciled } from './reconcile-charges';
import type { SettledCharge } from './settle-charge';

/** What a buyer's POST /api/payments came to, as they were told it. */
export type PaymentOutcome = 'succeeded' | 'declined' | 'pending' | 'refunded';

const payments = counter(
  'payments_total',
  'Payment attempts by outcome: succeeded, declined, pending (gateway answer unknown), refunded (order lapsed)',
  ['outcome'],
);

const reconciled = counter(
  'charges_reconciled_total',
  'Unsettled charges the reconciler looked up at the processor, by result (completed, failed, pending)',
  ['result'],
);

/** The outcome a settled charge stands for, read from the charge as recorded. */
export function outcomeOf(charge: Pick<SettledCharge, 'status' | 'stripeRefundId'>): PaymentOutcome {
  if (charge.status === ChargeStatus.Failed) return 'declined';
  if (charge.status === ChargeStatus.Completed) return charge.stripeRefundId ? 'refunded' : 'succeeded';
  return 'pending';
}

export function countPayment(outcome: PaymentOutcome): void {
  payments.inc({ outcome });
}

export function countReconciled(result: Reconciled): void {
  reconciled.inc({ result });
}
