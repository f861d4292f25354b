import { Listener, logger, type EventBus, type EventData } from '@ticketing/common';
import { completeOrder, type EventRelay } from '../../lifecycle/order-lifecycle';

export class PaymentCreatedListener extends Listener<'payment:created'> {
  readonly subject = 'payment:created' as const;

  constructor(
    bus: EventBus,
    private readonly relay: EventRelay,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'payment:created'>): Promise<void> {
    const outcome = await completeOrder(data.orderId, this.relay);
    logger[outcome === 'missing' ? 'warn' : 'info'](
      { orderId: data.orderId, paymentId: data.id, outcome },
      'order paid',
    );
  }
}
