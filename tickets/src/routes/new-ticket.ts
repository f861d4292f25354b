import { Router } from 'express';
import { insertWithEvents, requireAuth, toCents, userOf, validateRequest } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';
import { ticketCreated } from '../events/ticket-events';
import { titleFields } from '../models/search-terms';
import { ticketBodyRules, type TicketBody } from './ticket-body';

export function newTicketRouter(): Router {
  const router = Router();
  router.post('/api/tickets', requireAuth, ...ticketBodyRules, validateRequest, async (req, res) => {
    const { title, price } = req.body as TicketBody;
    const ticket = new Ticket({ ...titleFields(title), price: toCents(price), userId: userOf(req).id });
    ticket.pendingEvents.push(ticketCreated(ticket));
    await insertWithEvents(ticket);
    res.status(201).json(ticketView(ticket));
  });
  return router;
}
