import { Listener, type EventBus, type EventData, type OutboxRelay } from '@ticketing/common';
import { onOrderCreated } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Reserves the ticket for the new order. */
export class OrderCreatedListener extends Listener<'order:created'> {
  readonly subject = 'order:created' as const;

  constructor(
    bus: EventBus,
    private readonly relay: Pick<OutboxRelay, 'kick'>,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:created'>): Promise<void> {
    await applyOrderEvent(this.relay, data.ticket.id, data.id, onOrderCreated);
  }
}
