import type { EventBus, OutboxRelay } from '@ticketing/common';
import { OrderCreatedListener } from './order-created-listener';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';

/** Every subscription of the tickets service. */
export function ticketListeners(bus: EventBus, relay: Pick<OutboxRelay, 'kick'>) {
  return [
    new OrderCreatedListener(bus, relay),
    new OrderCancelledListener(bus, relay),
    new OrderCompletedListener(bus, relay),
  ];
}
