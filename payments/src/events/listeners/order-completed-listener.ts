import { Listener, OrderStatus, type EventData } from '@ticketing/common';
import { applyOrderEvent } from '../../models/apply-order-event';

export class OrderCompletedListener extends Listener<'order:completed'> {
  readonly subject = 'order:completed' as const;

  async onMessage(data: EventData<'order:completed'>): Promise<void> {
    await applyOrderEvent(data.id, data.version, { userId: data.userId, status: OrderStatus.Completed });
  }
}
