import { Router } from 'express';
import {
  apiRoutes,
  insertWithEvents,
  requireAuth,
  toCents,
  userOf,
  validateBody,
  type TicketBody,
} from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';
import { ticketCreated } from '../events/ticket-events';
import { titleFields } from '../models/search-terms';

const { path, request } = apiRoutes.createTicket;

export function newTicketRouter(): Router {
  const router = Router();
  router.post(path, requireAuth, validateBody(request.body), async (req, res) => {
    const { title, price } = req.body as TicketBody;
    const ticket = new Ticket({ ...titleFields(title), price: toCents(price), userId: userOf(req).id });
    ticket.pendingEvents.push(ticketCreated(ticket));
    await insertWithEvents(ticket);
    res.status(201).json(ticketView(ticket));
  });
  return router;
}
