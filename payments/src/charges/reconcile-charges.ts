import { ChargeStatus, logger, PeriodicWorker } from '@ticketing/common';
import { Charge } from '../models/charge';
import type { PaymentGateway } from '../gateway';
import { onUnsettled, type Backoff } from './charge-decisions';
import { changeCharge, type StoredCharge } from './change-charge';
import { cancelKey } from './keys';
import { settleRefund } from './refund-charge';
import { completeCharge, failCharge } from './settle-charge';
import { countReconciled } from './payment-metrics';

export interface ReconcilerOptions {
  intervalMs: number;
  /** A charge that keeps not settling is tried again after intervalMs, then twice as long each time, up to this. */
  maxBackoffMs?: number;
  batchSize?: number;
}

export const NEVER_REACHED_MESSAGE = 'The payment could not be processed; you were not charged.';

export type Reconciled = 'completed' | 'failed' | 'refund_due' | 'refunded' | 'pending';

const resultOf = (charge: Pick<StoredCharge, 'status'>): Reconciled =>
  charge.status === ChargeStatus.Created ? 'pending' : charge.status;

/**
 * Settles what the synchronous paths could not: charges left `created` because an answer was lost (a timeout, a
 * crash), and refunds owed (`refund_due`) that the processor did not confirm yet. Each charge carries when it is
 * due (`reconcileAt`); a pass takes the longest due first, and one that settles nothing is put back with a capped
 * backoff, so charges that keep failing never starve newer ones. Every conclusion comes from a definite answer
 * of the processor about the charge's own PaymentIntent, asked by id: "not charged" only when the intent was
 * never confirmed (its id was not even recorded, or it is cancelled now, which forbids any later charge) or the
 * card was declined. Every write is conditioned on the charge's state, so replicas reconciling at once, the
 * webhook and a late answer settle a charge once.
 */
export class ChargeReconciler extends PeriodicWorker {
  private readonly backoff: Backoff;

  constructor(
    private readonly gateway: PaymentGateway,
    private readonly options: ReconcilerOptions,
  ) {
    super(options.intervalMs, 'charge reconciliation');
    this.backoff = { baseMs: options.intervalMs, maxMs: options.maxBackoffMs ?? 300_000 };
  }

  protected runOnce(): Promise<Map<string, Reconciled>> {
    return this.reconcileOnce();
  }

  /** One pass over the charges due; resolves with what became of each, by order id. */
  async reconcileOnce(now = Date.now()): Promise<Map<string, Reconciled>> {
    const due = await Charge.find({ reconcileAt: { $lte: new Date(now) } })
      .select({ pendingEvents: 0 })
      .sort({ reconcileAt: 1 })
      .limit(this.options.batchSize ?? 50)
      .lean<StoredCharge[]>();
    const outcomes = new Map<string, Reconciled>();
    for (const charge of due) {
      let result: Reconciled = 'pending';
      try {
        result = await this.reconcile(charge);
      } catch (err) {
        // One charge the processor cannot answer for now does not hold up the others.
        logger.warn({ err, orderId: charge.orderId }, 'could not reconcile a charge; will try again');
      }
      try {
        if (result === 'pending')
          await changeCharge(charge, (c) => onUnsettled(c, new Date(now), this.backoff));
      } catch (err) {
        logger.warn({ err, orderId: charge.orderId }, 'could not put a charge back for later');
      }
      countReconciled(result);
      outcomes.set(charge.orderId, result);
    }
    return outcomes;
  }

  private async reconcile(charge: StoredCharge): Promise<Reconciled> {
    const { orderId, stripeId } = charge;
    if (charge.status === ChargeStatus.RefundDue) return resultOf(await settleRefund(this.gateway, charge));
    if (charge.status !== ChargeStatus.Created) return resultOf(charge);
    // The intent is confirmed only after its id is recorded: without one, nothing was ever charged.
    if (!stripeId) return this.settled(await failCharge(charge, NEVER_REACHED_MESSAGE));
    let state = await this.gateway.retrieve(stripeId);
    if (state.outcome === 'unconfirmed') {
      // A confirm that never arrived, or that is still on its way: cancelling settles which (a cancelled intent
      // can never charge; if the confirm won, the cancel is refused and the next pass reads the outcome).
      state = await this.gateway.cancel({ paymentIntentId: stripeId, idempotencyKey: cancelKey(orderId) });
    }
    switch (state.outcome) {
      case 'succeeded':
        return this.settled(await completeCharge({ gateway: this.gateway }, charge, state.paymentIntentId));
      case 'declined':
        return this.settled(await failCharge(charge, state.message));
      case 'canceled':
        return this.settled(await failCharge(charge, NEVER_REACHED_MESSAGE));
      default:
        return 'pending';
    }
  }

  private settled(charge: StoredCharge): Reconciled {
    logger.info({ orderId: charge.orderId, status: charge.status }, 'charge reconciled');
    return resultOf(charge);
  }
}
