import type { EventBus } from '@ticketing/common';
import type { ExpirationQueue } from '../../queues/expiration-queue';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';
import { OrderCreatedListener } from './order-created-listener';

/** Every subscription of the expiration service. */
export function eventListeners(bus: EventBus, expirations: ExpirationQueue) {
  return [
    new OrderCreatedListener(bus, expirations),
    new OrderCancelledListener(bus, expirations),
    new OrderCompletedListener(bus, expirations),
  ];
}
