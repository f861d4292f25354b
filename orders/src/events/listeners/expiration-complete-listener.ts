import { Listener, logger, RetryLaterError, type EventBus, type EventData } from '@ticketing/common';
import { cancelOrder, lapsesAt } from '../../lifecycle/order-lifecycle';
import { Order } from '../../models/order';

export class ExpirationCompleteListener extends Listener<'expiration:complete'> {
  readonly subject = 'expiration:complete' as const;

  /** `lapseGraceMs`: how long after its `expiresAt` an open order lapses (see `Lapse`). */
  constructor(
    bus: EventBus,
    private readonly lapseGraceMs: number,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'expiration:complete'>): Promise<void> {
    const now = new Date();
    const outcome = await cancelOrder(data.orderId, { lapse: { at: now, graceMs: this.lapseGraceMs } });
    if (outcome === 'not-due') {
      // The expiration job falls due at expiresAt; the order lapses a grace period later (a payment made in time
      // may still be on its way), or the expiration service's clock runs ahead of ours. The message comes back
      // then (the sweeper would cancel the order too). One more read, once per lapsing order.
      const order = await Order.findById(data.orderId).select({ expiresAt: 1 }).lean();
      const dueInMs = order ? lapsesAt(order, this.lapseGraceMs).getTime() - now.getTime() : 0;
      throw new RetryLaterError(Math.max(1, dueInMs), `order ${data.orderId} has not lapsed yet here`);
    }
    // An unknown order cannot appear by waiting (orders creates them all), so it is acked, not retried.
    logger[outcome === 'missing' ? 'warn' : 'info']({ orderId: data.orderId, outcome }, 'order expired');
  }
}
