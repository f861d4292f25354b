import { changeVersioned, logger } from '@ticketing/common';
import { Ticket } from '../../models/ticket';
import type { Decision, ReservationState } from '../../models/reservation';
import { ticketUpdated } from '../ticket-events';

export type OrderRule = (state: ReservationState, orderId: string) => Decision;

/**
 * Applies one order event to its ticket as one conditional write: the rule decides, a real change carries its
 * ticket:updated in the same write, a tombstone is written without an event, and an event that changes nothing
 * writes nothing. A sale records `soldAt` = when the event happened (the order completing), not when it got here.
 */
export async function applyOrderEvent(
  ticketId: string,
  orderId: string,
  rule: OrderRule,
  occurredAt: Date = new Date(),
): Promise<void> {
  const decision = await changeVersioned(Ticket, ticketId, (ticket, version) => {
    // Orders only knows tickets from our own events, so this is a fault worth retrying, then dead-lettering.
    if (!ticket) throw new Error(`ticket ${ticketId} not found`);
    const state: ReservationState = {
      orderId: ticket.orderId ?? null,
      sold: ticket.sold,
      orders: ticket.orders,
    };
    const result = rule(state, orderId);
    if (result.effect === 'unchanged') return { result };
    const set = {
      orderId: result.next.orderId,
      sold: result.next.sold,
      orders: result.next.orders,
      ...(result.next.sold && !ticket.sold ? { soldAt: occurredAt } : {}),
    };
    if (result.effect === 'recorded') return { result, set };
    return { result, set, events: [ticketUpdated({ ...ticket, ...set, version })] };
  });
  if (decision.anomaly) logger.warn({ ticketId, orderId }, decision.anomaly);
  logger.debug({ ticketId, orderId, effect: decision.effect }, 'order event applied to ticket');
}
