import type { EventBus } from '@ticketing/common';
import type { EventRelay } from '../../lifecycle/order-lifecycle';
import { ExpirationCompleteListener } from './expiration-complete-listener';
import { PaymentCreatedListener } from './payment-created-listener';
import { PaymentFailedListener } from './payment-failed-listener';
import { TicketCreatedListener } from './ticket-created-listener';
import { TicketUpdatedListener } from './ticket-updated-listener';

/** Subscribes every listener of the orders service. */
export async function listenToEvents(bus: EventBus, relay: EventRelay): Promise<void> {
  const listeners = [
    new TicketCreatedListener(bus),
    new TicketUpdatedListener(bus),
    new ExpirationCompleteListener(bus, relay),
    new PaymentCreatedListener(bus, relay),
    new PaymentFailedListener(bus, relay),
  ];
  for (const listener of listeners) await listener.listen();
}
