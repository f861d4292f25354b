import { Router } from 'express';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  pathId,
  requireAuth,
  toCents,
  userOf,
  validateRequest,
  type OutboxRelay,
} from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';
import { recordChange } from '../events/ticket-events';
import { lockTicket } from './lock-ticket';
import { ticketBodyRules, type TicketBody } from './ticket-body';

export function updateTicketRouter(relay: Pick<OutboxRelay, 'kick'>): Router {
  const router = Router();
  router.put('/api/tickets/:id', requireAuth, ...ticketBodyRules, validateRequest, async (req, res) => {
    const id = pathId(req.params.id, 'Ticket');
    const { title, price } = req.body as TicketBody;
    // Under the lock, so an edit and a reservation of the same ticket never interleave.
    const ticket = await lockTicket(id, async () => {
      const current = await Ticket.findById(id);
      if (!current) throw new NotFoundError('Ticket not found');
      if (current.userId !== userOf(req).id) throw new ForbiddenError('Only the seller can edit this ticket');
      if (current.sold) throw new BadRequestError('Cannot edit a sold ticket');
      if (current.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      current.title = title;
      current.price = toCents(price);
      recordChange(current);
      await current.save();
      return current;
    });
    relay.kick(ticket._id);
    res.json(ticketView(ticket));
  });
  return router;
}
