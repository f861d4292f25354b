import { logger, withDocumentLock, type OutboxRelay } from '@ticketing/common';
import { Ticket } from '../../models/ticket';
import type { Decision, ReservationState } from '../../models/reservation';
import { recordChange } from '../ticket-events';

export type OrderRule = (state: ReservationState, orderId: string) => Decision;

/**
 * Applies one order event to its ticket under the ticket's lock: the rule decides, a real change gets the
 * next version and its ticket:updated in the same save, and an event that changes nothing writes nothing.
 */
export async function applyOrderEvent(
  relay: Pick<OutboxRelay, 'kick'>,
  ticketId: string,
  orderId: string,
  rule: OrderRule,
): Promise<void> {
  const decision = await withDocumentLock(Ticket, ticketId, async () => {
    const ticket = await Ticket.findById(ticketId);
    // Orders only knows tickets from our own events, so this is a fault worth retrying, then dead-lettering.
    if (!ticket) throw new Error(`ticket ${ticketId} not found`);
    const state: ReservationState = {
      orderId: ticket.orderId ?? null,
      sold: ticket.sold,
      orders: ticket.orders.map(({ orderId: id, state: seen }) => ({ orderId: id, state: seen })),
    };
    const result = rule(state, orderId);
    if (result.effect === 'unchanged') return result;
    ticket.orderId = result.next.orderId;
    ticket.sold = result.next.sold;
    ticket.orders = result.next.orders;
    if (result.effect === 'changed') recordChange(ticket);
    await ticket.save();
    return result;
  });
  if (decision.anomaly) logger.warn({ ticketId, orderId }, decision.anomaly);
  logger.debug({ ticketId, orderId, effect: decision.effect }, 'order event applied to ticket');
  if (decision.effect === 'changed') relay.kick(ticketId);
}
