import type { EventBus } from '@ticketing/common';
import { ExpirationCompleteListener } from './expiration-complete-listener';
import { PaymentCreatedListener } from './payment-created-listener';
import { PaymentFailedListener } from './payment-failed-listener';
import { TicketCreatedListener } from './ticket-created-listener';
import { TicketUpdatedListener } from './ticket-updated-listener';

/** Every subscription of the orders service. */
export function eventListeners(bus: EventBus) {
  return [
    new TicketCreatedListener(bus),
    new TicketUpdatedListener(bus),
    new ExpirationCompleteListener(bus),
    new PaymentCreatedListener(bus),
    new PaymentFailedListener(bus),
  ];
}
