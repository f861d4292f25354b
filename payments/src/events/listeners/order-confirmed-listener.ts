import { Listener, type EventData } from '@ticketing/common';
import { applyOrderEvent } from '../../models/apply-order-event';

/** Tickets reserved the ticket: from now on the order may be paid, at exactly the price tickets reserved it at. */
export class OrderConfirmedListener extends Listener<'order:confirmed'> {
  readonly subject = 'order:confirmed' as const;

  async onMessage(data: EventData<'order:confirmed'>): Promise<void> {
    await applyOrderEvent(data.id, data.version, {
      userId: data.userId,
      status: data.status,
      price: data.price,
      expiresAt: new Date(data.expiresAt),
    });
  }
}
