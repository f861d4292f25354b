import { Listener, logger, type EventData } from '@ticketing/common';
import { applyTicketEvent } from '../../lifecycle/ticket-replica';

export class TicketCreatedListener extends Listener<'ticket:created'> {
  readonly subject = 'ticket:created' as const;

  async onMessage(data: EventData<'ticket:created'>): Promise<void> {
    const outcome = await applyTicketEvent(data);
    logger.info({ ticketId: data.id, version: data.version, outcome }, 'ticket replica');
  }
}
