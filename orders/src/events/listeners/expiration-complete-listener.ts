import { Listener, logger, type EventData } from '@ticketing/common';
import { cancelOrder } from '../../lifecycle/order-lifecycle';

/** An expiration:complete that came before the order's window closed by this service's clock. */
export class NotDueError extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} has not lapsed yet by this service's clock; retrying later`);
  }
}

export class ExpirationCompleteListener extends Listener<'expiration:complete'> {
  readonly subject = 'expiration:complete' as const;

  async onMessage(data: EventData<'expiration:complete'>): Promise<void> {
    const outcome = await cancelOrder(data.orderId, { lapsedAt: new Date() });
    // The expiration service's clock may run ahead of ours: the buyer may still pay until the window closes
    // here, so the message comes back later (the sweeper would cancel the order too).
    if (outcome === 'not-due') throw new NotDueError(data.orderId);
    // An unknown order cannot appear by waiting (orders creates them all), so it is acked, not retried.
    logger[outcome === 'missing' ? 'warn' : 'info']({ orderId: data.orderId, outcome }, 'order expired');
  }
}
