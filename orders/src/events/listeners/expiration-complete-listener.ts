import { Listener, logger, type EventData } from '@ticketing/common';
import { cancelOrder } from '../../lifecycle/order-lifecycle';

export class ExpirationCompleteListener extends Listener<'expiration:complete'> {
  readonly subject = 'expiration:complete' as const;

  async onMessage(data: EventData<'expiration:complete'>): Promise<void> {
    const outcome = await cancelOrder(data.orderId);
    // An unknown order cannot appear by waiting (orders creates them all), so it is acked, not retried.
    logger[outcome === 'missing' ? 'warn' : 'info']({ orderId: data.orderId, outcome }, 'order expired');
  }
}
