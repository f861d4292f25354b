import { ChargeStatus, counter } from '@ticketing/common';
import type { Reconciled } from './reconcile-charges';
import type { SettledCharge } from './settle-charge';

/** What a buyer's POST /api/payments came to, as they were told it. */
export type PaymentOutcome = 'succeeded' | 'declined' | 'pending' | 'refunded';

const payments = counter(
  'payments_total',
  'Payment attempts by outcome: succeeded, declined, pending (gateway answer unknown), refunded (order cancelled meanwhile: refunded or refund due)',
  ['outcome'],
);

const reconciled = counter(
  'charges_reconciled_total',
  'Charges the reconciler looked at, by result (completed, failed, refund_due, refunded, pending)',
  ['result'],
);

/** The outcome a settled charge stands for, read from the charge as recorded. */
export function outcomeOf(charge: Pick<SettledCharge, 'status'>): PaymentOutcome {
  switch (charge.status) {
    case ChargeStatus.Failed:
      return 'declined';
    case ChargeStatus.Completed:
      return 'succeeded';
    case ChargeStatus.RefundDue:
    case ChargeStatus.Refunded:
      return 'refunded';
    default:
      return 'pending';
  }
}

export function countPayment(outcome: PaymentOutcome): void {
  payments.inc({ outcome });
}

export function countReconciled(result: Reconciled): void {
  reconciled.inc({ result });
}
