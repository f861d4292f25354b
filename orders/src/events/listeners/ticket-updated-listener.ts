import { Listener, logger, type EventData } from '@ticketing/common';
import { confirmReservation } from '../../lifecycle/order-lifecycle';
import { applyTicketEvent } from '../../lifecycle/ticket-replica';

export class TicketUpdatedListener extends Listener<'ticket:updated'> {
  readonly subject = 'ticket:updated' as const;

  async onMessage(data: EventData<'ticket:updated'>): Promise<void> {
    const outcome = await applyTicketEvent(data);
    logger.info({ ticketId: data.id, version: data.version, outcome }, 'ticket replica');
    // Done even when the replica found the event stale: that the ticket was reserved for this order stays
    // true (and at this price: tickets never edits a reserved ticket), and a redelivery after a crash between
    // the two steps must still confirm the order. A sale confirms nothing: a ticket is sold to a paid order, and
    // payments takes no payment before the confirmation.
    if (data.orderId && !data.sold) {
      const confirmed = await confirmReservation(data.orderId, data.price);
      if (confirmed === 'missing')
        logger.warn({ orderId: data.orderId }, 'ticket reserved for an unknown order');
    }
  }
}
