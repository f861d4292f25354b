import { counter, logger, PeriodicWorker } from '@ticketing/common';
import { cancelOrder } from './lifecycle/order-lifecycle';
import { OPEN_STATUSES, Order } from './models/order';

export interface SweeperOptions {
  intervalMs: number;
  /** How long after its `expiresAt` an open order lapses (LAPSE_GRACE_SECONDS; see `Lapse`). */
  lapseGraceMs: number;
  /** Lapsed orders cancelled per sweep at most; the rest wait for the next one. */
  batchSize?: number;
}

const cancellations = counter(
  'sweeper_cancelled_orders_total',
  'Lapsed orders the sweeper cancelled (their expiration:complete never came in time)',
);

/**
 * The safety net for a lost expiration job: cancels open orders that have lapsed (their window and the grace after
 * it have passed). Each cancel is the same conditional transition the expiration event uses, so replicas sweeping
 * at once (or racing the expiration service, a payment, the buyer) cancel an order once and publish one
 * order:cancelled.
 */
export class Sweeper extends PeriodicWorker {
  private readonly batchSize: number;
  private readonly lapseGraceMs: number;

  constructor(options: SweeperOptions) {
    super(options.intervalMs, 'order sweep');
    this.batchSize = options.batchSize ?? 100;
    this.lapseGraceMs = options.lapseGraceMs;
  }

  protected runOnce(): Promise<number> {
    return this.sweepOnce();
  }

  /** Cancels the open orders that have lapsed; resolves with how many this call cancelled. */
  async sweepOnce(now = new Date()): Promise<number> {
    const windowClosedBy = new Date(now.getTime() - this.lapseGraceMs);
    const lapsed = await Order.find({ status: { $in: OPEN_STATUSES }, expiresAt: { $lte: windowClosedBy } })
      .select('_id')
      .sort({ expiresAt: 1 })
      .limit(this.batchSize)
      .lean();
    let cancelled = 0;
    for (const { _id } of lapsed) {
      const orderId = _id.toHexString();
      try {
        const outcome = await cancelOrder(orderId, { lapse: { at: now, graceMs: this.lapseGraceMs } });
        if (outcome === 'cancelled') {
          cancelled += 1;
          cancellations.inc();
          logger.info({ orderId }, 'lapsed order cancelled by the sweeper');
        }
      } catch (err) {
        // One order that cannot be cancelled now (busy, a database blip) does not hold up the others.
        logger.warn({ err, orderId }, 'could not cancel a lapsed order; the next sweep tries again');
      }
    }
    return cancelled;
  }
}
