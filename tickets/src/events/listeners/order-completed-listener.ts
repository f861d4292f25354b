import { Listener, type EventData, type MessageContext } from '@ticketing/common';
import { onOrderCompleted } from '../../models/reservation';
import { applyOrderEvent } from './apply-order-event';

/** Marks the ticket sold to the order that paid. */
export class OrderCompletedListener extends Listener<'order:completed'> {
  readonly subject = 'order:completed' as const;

  async onMessage(data: EventData<'order:completed'>, context: MessageContext): Promise<void> {
    const completedAt = new Date(context.occurredAt);
    await applyOrderEvent(
      data.ticket.id,
      { orderId: data.id, sequence: data.holdSequence },
      onOrderCompleted,
      // A publisher's malformed timestamp must not lose the sale: then the sale is dated on arrival.
      Number.isNaN(completedAt.getTime()) ? new Date() : completedAt,
    );
  }
}
