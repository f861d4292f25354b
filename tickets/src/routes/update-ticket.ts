import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  changeVersioned,
  pathId,
  requireAuth,
  toCents,
  userOf,
  validateBody,
  type TicketBody,
} from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';
import { ticketUpdated } from '../events/ticket-events';
import { titleFields } from '../models/search-terms';

const { path, request } = apiRoutes.updateTicket;

export function updateTicketRouter(): Router {
  const router = Router();
  router.put(path, requireAuth, validateBody(request.body), async (req, res) => {
    const id = pathId(req.params.id, 'Ticket');
    const { title, price } = req.body as TicketBody;
    // Conditioned on the version read, so an edit and a reservation of the same ticket never interleave.
    const ticket = await changeVersioned(Ticket, id, (current, version) => {
      if (!current) throw new NotFoundError('Ticket not found');
      if (current.userId !== userOf(req).id) throw new ForbiddenError('Only the seller can edit this ticket');
      if (current.sold) throw new BadRequestError('Cannot edit a sold ticket');
      if (current.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      const edited = { ...current, title, price: toCents(price), version };
      return {
        result: edited,
        set: { ...titleFields(title), price: edited.price },
        events: [ticketUpdated(edited)],
      };
    });
    res.json(ticketView(ticket));
  });
  return router;
}
