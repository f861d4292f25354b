import { withDocumentLock, type EventData } from '@ticketing/common';
import { Ticket } from '../models/ticket';

export type ReplicaOutcome = 'created' | 'updated' | 'stale';

/**
 * Upserts the local copy of a ticket from a ticket:created or ticket:updated event. A newer version wins;
 * a stale or duplicate one changes nothing. An update that arrives before its create simply creates the copy,
 * and a later, lower-versioned create is then stale: no gap ever stalls the consumer.
 */
export function applyTicketEvent(
  data: EventData<'ticket:created'> | EventData<'ticket:updated'>,
): Promise<ReplicaOutcome> {
  return withDocumentLock(Ticket, data.id, async () => {
    const fields = { title: data.title, price: data.price, userId: data.userId, version: data.version };
    const copy = await Ticket.findById(data.id);
    if (!copy) {
      await Ticket.create({ _id: data.id, ...fields });
      return 'created';
    }
    if (data.version <= copy.version) return 'stale';
    copy.set(fields);
    await copy.save();
    return 'updated';
  });
}
