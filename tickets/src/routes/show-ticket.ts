import { Router } from 'express';
import { NotFoundError, pathId } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';

/** Any ticket, reserved and sold ones included (an order page shows what it bought). */
export function showTicketRouter(): Router {
  const router = Router();
  router.get('/api/tickets/:id', async (req, res) => {
    const ticket = await Ticket.findById(pathId(req.params.id, 'Ticket'));
    if (!ticket) throw new NotFoundError('Ticket not found');
    res.json(ticketView(ticket));
  });
  return router;
}
