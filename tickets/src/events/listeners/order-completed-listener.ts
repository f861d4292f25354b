import { Listener, type EventBus, type EventData, type OutboxRelay } from '@ticketing/common';
import { onOrderCompleted } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Marks the ticket sold to the order that paid. */
export class OrderCompletedListener extends Listener<'order:completed'> {
  readonly subject = 'order:completed' as const;

  constructor(
    bus: EventBus,
    private readonly relay: Pick<OutboxRelay, 'kick'>,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:completed'>): Promise<void> {
    await applyOrderEvent(this.relay, data.ticket.id, data.id, onOrderCompleted);
  }
}
