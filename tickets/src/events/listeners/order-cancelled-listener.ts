import { Listener, type EventData } from '@ticketing/common';
import { onOrderCancelled } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Frees the ticket if this order still holds it. */
export class OrderCancelledListener extends Listener<'order:cancelled'> {
  readonly subject = 'order:cancelled' as const;

  async onMessage(data: EventData<'order:cancelled'>): Promise<void> {
    await applyOrderEvent(
      data.ticket.id,
      { orderId: data.id, sequence: data.holdSequence },
      onOrderCancelled,
    );
  }
}
