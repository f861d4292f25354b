import { Listener, logger, RetryLaterError, type EventData } from '@ticketing/common';
import { cancelOrder } from '../../lifecycle/order-lifecycle';
import { Order } from '../../models/order';

export class ExpirationCompleteListener extends Listener<'expiration:complete'> {
  readonly subject = 'expiration:complete' as const;

  async onMessage(data: EventData<'expiration:complete'>): Promise<void> {
    const now = new Date();
    const outcome = await cancelOrder(data.orderId, { lapsedAt: now });
    if (outcome === 'not-due') {
      // The expiration service's clock runs ahead of ours: the buyer may still pay until the window closes here,
      // so the message comes back then (the sweeper would cancel the order too). A rare path: one more read.
      const order = await Order.findById(data.orderId).select({ expiresAt: 1 }).lean();
      const dueInMs = order ? order.expiresAt.getTime() - now.getTime() : 0;
      throw new RetryLaterError(Math.max(1, dueInMs), `order ${data.orderId} has not lapsed yet here`);
    }
    // An unknown order cannot appear by waiting (orders creates them all), so it is acked, not retried.
    logger[outcome === 'missing' ? 'warn' : 'info']({ orderId: data.orderId, outcome }, 'order expired');
  }
}
