import { ChargeStatus, logger, PeriodicWorker } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { PaymentGateway } from '../gateway';
import { chargeKey } from './keys';
import { completeCharge, failCharge } from './settle-charge';
import { countReconciled } from './payment-metrics';

export interface ReconcilerOptions {
  intervalMs: number;
  /** A charge younger than this may still have its request in flight: left alone. */
  graceMs: number;
  /** How long the processor may know nothing of a charge before it is taken as never made. */
  notFoundAfterMs: number;
  batchSize?: number;
}

export const NEVER_REACHED_MESSAGE = 'The payment could not be processed; you were not charged.';

export type Reconciled = 'completed' | 'failed' | 'pending';

/**
 * Settles charges left `created` because the answer of their gateway call was lost (a timeout, a crash): asks
 * the processor what became of each and settles it as the synchronous path would have, refund included when the
 * order was cancelled meanwhile. It works without webhooks. Settling is conditioned on the charge still being
 * `created`, so replicas reconciling at once, the webhook and a late answer settle a charge once.
 */
export class ChargeReconciler extends PeriodicWorker {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly options: ReconcilerOptions,
  ) {
    super(options.intervalMs, 'charge reconciliation');
  }

  protected runOnce(): Promise<Map<string, Reconciled>> {
    return this.reconcileOnce();
  }

  /** One pass over the unsettled charges old enough; resolves with what became of each, by order id. */
  async reconcileOnce(now = Date.now()): Promise<Map<string, Reconciled>> {
    const unsettled = await Charge.find({
      status: ChargeStatus.Created,
      createdAt: { $lte: new Date(now - this.options.graceMs) },
    })
      .select({ _id: 1, orderId: 1, createdAt: 1 })
      .sort({ createdAt: 1 })
      .limit(this.options.batchSize ?? 50)
      .lean();
    const outcomes = new Map<string, Reconciled>();
    for (const charge of unsettled) {
      try {
        const result = await this.reconcile(charge, now);
        countReconciled(result);
        outcomes.set(charge.orderId, result);
      } catch (err) {
        // One charge the processor cannot answer for now does not hold up the others.
        logger.warn({ err, orderId: charge.orderId }, 'could not reconcile a charge; will try again');
      }
    }
    return outcomes;
  }

  private async reconcile(
    charge: { _id: Charge['_id']; orderId: string; createdAt: Date },
    now: number,
  ): Promise<Reconciled> {
    const { orderId } = charge;
    const found = await this.gateway.lookup({ orderId, idempotencyKey: chargeKey(orderId) });
    let settled;
    if (found.outcome === 'succeeded') {
      settled = await completeCharge({ gateway: this.gateway }, charge, found.paymentIntentId);
    } else if (found.outcome === 'declined') {
      settled = await failCharge(charge, found.message);
    } else if (
      found.outcome === 'not-found' &&
      now - charge.createdAt.getTime() >= this.options.notFoundAfterMs
    ) {
      settled = await failCharge(charge, NEVER_REACHED_MESSAGE);
    } else {
      return 'pending';
    }
    logger.info(
      { orderId, status: settled.status, refunded: Boolean(settled.stripeRefundId) },
      'charge reconciled',
    );
    return settled.status === ChargeStatus.Completed ? 'completed' : 'failed';
  }
}
