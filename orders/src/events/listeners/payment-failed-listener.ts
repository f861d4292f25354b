import { Listener, logger, type EventData } from '@ticketing/common';
import { cancelOrder } from '../../lifecycle/order-lifecycle';

export class PaymentFailedListener extends Listener<'payment:failed'> {
  readonly subject = 'payment:failed' as const;

  async onMessage(data: EventData<'payment:failed'>): Promise<void> {
    const outcome = await cancelOrder(data.orderId);
    logger[outcome === 'missing' ? 'warn' : 'info'](
      { orderId: data.orderId, reason: data.reason, outcome },
      'order payment failed',
    );
  }
}
