import { Router } from 'express';
import { apiRoutes, NotFoundError, pathId } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';

/** Any ticket, reserved and sold ones included (an order page shows what it bought). */
export function showTicketRouter(): Router {
  const router = Router();
  router.get(apiRoutes.showTicket.path, async (req, res) => {
    // Lean and without the order history and outbox: the most requested read builds no mongoose document.
    const ticket = await Ticket.findById(pathId(req.params.id, 'Ticket'))
      .select({ orders: 0, pendingEvents: 0, searchTerms: 0 })
      .lean();
    if (!ticket) throw new NotFoundError('Ticket not found');
    res.json(ticketView(ticket));
  });
  return router;
}
