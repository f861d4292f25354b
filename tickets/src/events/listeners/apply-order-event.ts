import { changeVersioned, logger } from '@ticketing/common';
import { Ticket } from '../../models/ticket';
import type { Decision, Hold, ReservationState } from '../../models/reservation';
import { ticketUpdated } from '../ticket-events';

export type OrderRule = (state: ReservationState, hold: Hold) => Decision;

/**
 * Applies one order event to its ticket as one conditional write: the rule decides, a real change carries its
 * ticket:updated in the same write, a recorded hold sequence is written without an event, and an event that
 * changes nothing writes nothing. A sale records `soldAt` = when the order completed (the event's time, kept by
 * orders' outbox from the write), not when the event got here.
 */
export async function applyOrderEvent(
  ticketId: string,
  hold: Hold,
  rule: OrderRule,
  occurredAt: Date = new Date(),
): Promise<void> {
  const decision = await changeVersioned(Ticket, ticketId, (ticket, version) => {
    // Orders only knows tickets from our own events, so this is a fault worth retrying.
    if (!ticket) throw new Error(`ticket ${ticketId} not found`);
    const state: ReservationState = {
      orderId: ticket.orderId ?? null,
      sold: ticket.sold,
      holdSequence: ticket.holdSequence ?? 0,
    };
    const result = rule(state, hold);
    if (result.effect === 'unchanged') return { result };
    const set = {
      orderId: result.next.orderId,
      sold: result.next.sold,
      holdSequence: result.next.holdSequence,
      ...(result.next.sold && !ticket.sold ? { soldAt: occurredAt } : {}),
    };
    if (result.effect === 'recorded') return { result, set };
    return { result, set, events: [ticketUpdated({ ...ticket, ...set, version })] };
  });
  const { orderId, sequence } = hold;
  if (decision.anomaly) logger.warn({ ticketId, orderId, holdSequence: sequence }, decision.anomaly);
  logger.debug({ ticketId, orderId, effect: decision.effect }, 'order event applied to ticket');
}
