import { Listener, OrderStatus, type EventBus, type EventData, type MessageContext } from '@ticketing/common';
import type { ExpirationQueue } from '../../queues/expiration-queue';

/**
 * Schedules the lapse of a new order at its expiresAt. Acks only once the job is stored in Redis; a
 * redelivered event adds nothing (the job id is the order id).
 */
export class OrderCreatedListener extends Listener<'order:created'> {
  readonly subject = 'order:created' as const;

  constructor(
    bus: EventBus,
    private readonly expirations: ExpirationQueue,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:created'>, context: MessageContext): Promise<void> {
    // An order announced as already final has nothing left to lapse.
    if (data.status === OrderStatus.Cancelled || data.status === OrderStatus.Completed) return;
    await this.expirations.schedule(data.id, new Date(data.expiresAt), context.correlationId);
  }
}
