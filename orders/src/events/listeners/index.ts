import type { EventBus } from '@ticketing/common';
import { ExpirationCompleteListener } from './expiration-complete-listener';
import { PaymentCreatedListener } from './payment-created-listener';
import { PaymentFailedListener } from './payment-failed-listener';
import { TicketCreatedListener } from './ticket-created-listener';
import { TicketUpdatedListener } from './ticket-updated-listener';

export interface ListenerOptions {
  /** How long after its `expiresAt` an open order lapses (LAPSE_GRACE_SECONDS). */
  lapseGraceMs: number;
}

/** Every subscription of the orders service. */
export function eventListeners(bus: EventBus, { lapseGraceMs }: ListenerOptions) {
  return [
    new TicketCreatedListener(bus),
    new TicketUpdatedListener(bus),
    new ExpirationCompleteListener(bus, lapseGraceMs),
    new PaymentCreatedListener(bus),
    new PaymentFailedListener(bus),
  ];
}
