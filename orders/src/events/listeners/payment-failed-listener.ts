import { Listener, logger, type EventBus, type EventData } from '@ticketing/common';
import { cancelOrder, type EventRelay } from '../../lifecycle/order-lifecycle';

export class PaymentFailedListener extends Listener<'payment:failed'> {
  readonly subject = 'payment:failed' as const;

  constructor(
    bus: EventBus,
    private readonly relay: EventRelay,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'payment:failed'>): Promise<void> {
    const outcome = await cancelOrder(data.orderId, this.relay);
    logger[outcome === 'missing' ? 'warn' : 'info'](
      { orderId: data.orderId, reason: data.reason, outcome },
      'order payment failed',
    );
  }
}
