import { Listener, type EventData } from '@ticketing/common';
import { applyOrderEvent } from '../../models/apply-order-event';

export class OrderCreatedListener extends Listener<'order:created'> {
  readonly subject = 'order:created' as const;

  async onMessage(data: EventData<'order:created'>): Promise<void> {
    await applyOrderEvent(data.id, data.version, {
      userId: data.userId,
      status: data.status,
      price: data.ticket.price,
      expiresAt: new Date(data.expiresAt),
    });
  }
}
