import { Listener, logger, type EventData } from '@ticketing/common';
import { completeOrder } from '../../lifecycle/order-lifecycle';

export class PaymentCreatedListener extends Listener<'payment:created'> {
  readonly subject = 'payment:created' as const;

  async onMessage(data: EventData<'payment:created'>): Promise<void> {
    const outcome = await completeOrder(data.orderId);
    logger[outcome === 'missing' ? 'warn' : 'info'](
      { orderId: data.orderId, paymentId: data.id, outcome },
      'order paid',
    );
  }
}
