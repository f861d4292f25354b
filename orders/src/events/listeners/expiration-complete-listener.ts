import { Listener, logger, type EventBus, type EventData } from '@ticketing/common';
import { cancelOrder, type EventRelay } from '../../lifecycle/order-lifecycle';

export class ExpirationCompleteListener extends Listener<'expiration:complete'> {
  readonly subject = 'expiration:complete' as const;

  constructor(
    bus: EventBus,
    private readonly relay: EventRelay,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'expiration:complete'>): Promise<void> {
    const outcome = await cancelOrder(data.orderId, this.relay);
    // An unknown order cannot appear by waiting (orders creates them all), so it is acked, not retried.
    logger[outcome === 'missing' ? 'warn' : 'info']({ orderId: data.orderId, outcome }, 'order expired');
  }
}
