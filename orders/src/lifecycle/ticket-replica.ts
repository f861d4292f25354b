import { applyIfNewer, type ApplyOutcome, type EventData } from '@ticketing/common';
import { Ticket } from '../models/ticket';

/**
 * Upserts the local copy of a ticket from a ticket:created or ticket:updated event. A newer version wins; a
 * stale or duplicate one changes nothing. An update that arrives before its create simply creates the copy,
 * and the later, lower-versioned create is then stale: no gap ever stalls the consumer.
 */
export function applyTicketEvent(
  data: EventData<'ticket:created'> | EventData<'ticket:updated'>,
): Promise<ApplyOutcome> {
  return applyIfNewer(Ticket, data.id, data.version, {
    title: data.title,
    price: data.price,
    userId: data.userId,
  });
}
