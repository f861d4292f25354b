import { Listener, logger, type EventData } from '@ticketing/common';
import { confirmReservation } from '../../lifecycle/order-lifecycle';
import { applyTicketEvent } from '../../lifecycle/ticket-replica';

export class TicketUpdatedListener extends Listener<'ticket:updated'> {
  readonly subject = 'ticket:updated' as const;

  async onMessage(data: EventData<'ticket:updated'>): Promise<void> {
    if (data.orderId && !data.sold) {
      // A reservation: the ticket was reserved for this order (at this price: tickets never edits a reserved
      // ticket), so the order is confirmed, also when this event is a redelivery. It changes nothing the copy keeps
      // (title, price, seller: all as the last edit left them, whose own event brings them), and a sale or a
      // release, which the copy takes, always follows a reservation, so the copy still ends at the newest version.
      const confirmed = await confirmReservation(data.orderId, data.price);
      if (confirmed === 'missing')
        logger.warn({ orderId: data.orderId }, 'ticket reserved for an unknown order');
      return;
    }
    // A sale confirms nothing: a ticket is sold to a paid order, and payments takes no payment before the
    // confirmation.
    const outcome = await applyTicketEvent(data);
    logger.info({ ticketId: data.id, version: data.version, outcome }, 'ticket replica');
  }
}
