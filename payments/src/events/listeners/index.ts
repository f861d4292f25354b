import type { EventBus } from '@ticketing/common';
import type { PaymentGateway } from '../../gateway';
import { OrderCreatedListener } from './order-created-listener';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';

/** Subscribes every listener of the service. */
export async function listenAll(bus: EventBus, gateway: PaymentGateway): Promise<void> {
  await new OrderCreatedListener(bus).listen();
  await new OrderCancelledListener(bus, gateway).listen();
  await new OrderCompletedListener(bus).listen();
}
