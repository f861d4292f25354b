import { Listener, logger, type EventBus, type EventData } from '@ticketing/common';
import type { ExpirationQueue } from '../../queues/expiration-queue';

/**
 * A completed order no longer lapses: its job is removed if it has not fired yet. A job already firing or gone
 * is fine (the orders service ignores expiration:complete for an order that is no longer open).
 */
export class OrderCompletedListener extends Listener<'order:completed'> {
  readonly subject = 'order:completed' as const;

  constructor(
    bus: EventBus,
    private readonly expirations: ExpirationQueue,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:completed'>): Promise<void> {
    const outcome = await this.expirations.cancel(data.id);
    logger.debug({ orderId: data.id, outcome }, 'expiration job cancelled');
  }
}
