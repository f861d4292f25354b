import type { EventBus } from '@ticketing/common';
import { OrderCreatedListener } from './order-created-listener';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';

/** Every subscription of the tickets service. */
export function eventListeners(bus: EventBus) {
  return [new OrderCreatedListener(bus), new OrderCancelledListener(bus), new OrderCompletedListener(bus)];
}
