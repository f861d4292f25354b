import { Router } from 'express';
import { BadRequestError, NotFoundError, bodyId, requireAuth, userOf } from '@ticketing/common';
import { placeOrder } from '../lifecycle/place-order';
import { orderView } from '../models/order-view';
import { Ticket } from '../models/ticket';

export interface NewOrderDeps {
  expirationWindowSeconds: number;
  maxOpenOrders: number;
}

export function newOrderRouter({ expirationWindowSeconds, maxOpenOrders }: NewOrderDeps): Router {
  const router = Router();
  router.post('/api/orders', requireAuth, async (req, res) => {
    const user = userOf(req);
    const ticketId = bodyId((req.body as { ticketId?: unknown } | undefined)?.ticketId, 'ticketId');
    const ticket = await Ticket.findById(ticketId).lean();
    if (!ticket) throw new NotFoundError('Ticket not found');
    if (ticket.userId === user.id) throw new BadRequestError('You cannot buy your own ticket');
    const order = await placeOrder({ userId: user.id, ticket, expirationWindowSeconds, maxOpenOrders });
    res.status(201).json(orderView(order));
  });
  return router;
}
