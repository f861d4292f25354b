import { Listener, type EventBus, type EventData, type OutboxRelay } from '@ticketing/common';
import { onOrderCancelled } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Frees the ticket if this order still holds it. */
export class OrderCancelledListener extends Listener<'order:cancelled'> {
  readonly subject = 'order:cancelled' as const;

  constructor(
    bus: EventBus,
    private readonly relay: Pick<OutboxRelay, 'kick'>,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:cancelled'>): Promise<void> {
    await applyOrderEvent(this.relay, data.ticket.id, data.id, onOrderCancelled);
  }
}
