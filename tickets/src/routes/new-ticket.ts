import { Router } from 'express';
import { requireAuth, toCents, userOf, validateRequest, type OutboxRelay } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';
import { recordCreation } from '../events/ticket-events';
import { ticketBodyRules, type TicketBody } from './ticket-body';

export function newTicketRouter(relay: Pick<OutboxRelay, 'kick'>): Router {
  const router = Router();
  router.post('/api/tickets', requireAuth, ...ticketBodyRules, validateRequest, async (req, res) => {
    const { title, price } = req.body as TicketBody;
    const ticket = new Ticket({ title, price: toCents(price), userId: userOf(req).id });
    recordCreation(ticket);
    await ticket.save();
    relay.kick(ticket._id);
    res.status(201).json(ticketView(ticket));
  });
  return router;
}
