import { Listener, OrderStatus, type EventData } from '@ticketing/common';
import { applyOrderEvent } from '../../models/apply-order-event';

/**
 * Starts the replica. Its price is orders' copy of the ticket's, which may be stale: the order becomes payable
 * only when order:confirmed brings the price tickets reserved it at, so a create never says awaiting_payment here.
 */
export class OrderCreatedListener extends Listener<'order:created'> {
  readonly subject = 'order:created' as const;

  async onMessage(data: EventData<'order:created'>): Promise<void> {
    await applyOrderEvent(data.id, data.version, {
      userId: data.userId,
      status: data.status === OrderStatus.AwaitingPayment ? OrderStatus.Created : data.status,
      price: data.ticket.price,
      expiresAt: new Date(data.expiresAt),
    });
  }
}
