import { Router } from 'express';
import { apiRoutes, NotFoundError, pathId } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { Types } from 'mongoose';
import { ticketView, VIEW_FIELDS, type ShownTicket } from '../models/ticket-view';

/** Any ticket, reserved and sold ones included (an order page shows what it bought). */
export function showTicketRouter(): Router {
  const router = Router();
  router.get(apiRoutes.showTicket.path, async (req, res) => {
    // The most requested read goes to the driver directly (no mongoose query or document) for the shown fields.
    const ticket = await Ticket.collection.findOne<ShownTicket>(
      { _id: new Types.ObjectId(pathId(req.params.id, 'Ticket')) },
      { projection: VIEW_FIELDS },
    );
    if (!ticket) throw new NotFoundError('Ticket not found');
    res.json(ticketView(ticket));
  });
  return router;
}
