import { ChargeStatus } from '@ticketing/common';
import { onIntentCreated } from './charge-decisions';
import { changeCharge, type ChargeRef, type StoredCharge } from './change-charge';
import { chargeKey, confirmKey } from './keys';
import { completeCharge, failCharge, type SettleDeps } from './settle-charge';

export const TOO_LATE_NOT_CHARGED_MESSAGE =
  'Too late to pay: the order lapses in a moment. You were not charged; please order the ticket again.';

export interface ChargeAttempt {
  amountCents: number;
  paymentMethodId: string;
  /** Epoch ms after which no confirmation may start: the order would lapse before its success is heard. */
  confirmBy: number;
}

/**
 * The payment, in the order that keeps every later question answerable by id: create the PaymentIntent (it
 * charges nothing), record its id on the charge, and only then confirm it. If the record loses to the reconciler
 * (which declares a charge without an intent id never charged), nothing is confirmed. Rejects when the outcome
 * is unknown (an answer lost): the charge stays `created` for the reconciler or the webhook.
 */
export async function runCharge(
  deps: SettleDeps,
  charge: ChargeRef,
  { amountCents, paymentMethodId, confirmBy }: ChargeAttempt,
  now: () => number = Date.now,
): Promise<StoredCharge> {
  const { orderId } = charge;
  const created = await deps.gateway.createIntent({
    amountCents,
    paymentMethodId,
    orderId,
    idempotencyKey: chargeKey(orderId),
  });
  if (created.outcome === 'declined') return failCharge(charge, created.message);
  const { paymentIntentId } = created;
  const recorded = await changeCharge(charge, (current) => onIntentCreated(current, paymentIntentId));
  if (recorded.status !== ChargeStatus.Created || recorded.stripeId !== paymentIntentId) return recorded;
  // Creating the intent may have taken long; an unconfirmed intent charges nothing, so this is a definite "no".
  if (now() > confirmBy) return failCharge(charge, TOO_LATE_NOT_CHARGED_MESSAGE);
  const result = await deps.gateway.confirm({ paymentIntentId, idempotencyKey: confirmKey(orderId) });
  return result.outcome === 'succeeded'
    ? completeCharge(deps, charge, result.paymentIntentId)
    : failCharge(charge, result.message);
}
