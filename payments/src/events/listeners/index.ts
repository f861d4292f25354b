import type { EventBus } from '@ticketing/common';
import type { PaymentGateway } from '../../gateway';
import { OrderCreatedListener } from './order-created-listener';
import { OrderConfirmedListener } from './order-confirmed-listener';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';

/** Every subscription of the payments service. */
export function eventListeners(bus: EventBus, gateway: PaymentGateway) {
  return [
    new OrderCreatedListener(bus),
    new OrderConfirmedListener(bus),
    new OrderCancelledListener(bus, gateway),
    new OrderCompletedListener(bus),
  ];
}
