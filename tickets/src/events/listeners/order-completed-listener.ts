import { Listener, type EventData } from '@ticketing/common';
import { onOrderCompleted } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Marks the ticket sold to the order that paid. */
export class OrderCompletedListener extends Listener<'order:completed'> {
  readonly subject = 'order:completed' as const;

  async onMessage(data: EventData<'order:completed'>): Promise<void> {
    await applyOrderEvent(data.ticket.id, data.id, onOrderCompleted);
  }
}
