import { Listener, type EventData } from '@ticketing/common';
import { onOrderCreated } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Reserves the ticket for the new order. */
export class OrderCreatedListener extends Listener<'order:created'> {
  readonly subject = 'order:created' as const;

  async onMessage(data: EventData<'order:created'>): Promise<void> {
    await applyOrderEvent(data.ticket.id, { orderId: data.id, sequence: data.holdSequence }, onOrderCreated);
  }
}
