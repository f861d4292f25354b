import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  NotFoundError,
  requireAuth,
  userOf,
  validateBody,
  type NewOrderBody,
} from '@ticketing/common';
import { placeOrder } from '../lifecycle/place-order';
import { orderView } from '../models/order-view';
import { Ticket } from '../models/ticket';

export interface NewOrderDeps {
  expirationWindowSeconds: number;
  maxOpenOrders: number;
}

const { path, request } = apiRoutes.createOrder;

export function newOrderRouter({ expirationWindowSeconds, maxOpenOrders }: NewOrderDeps): Router {
  const router = Router();
  router.post(path, requireAuth, validateBody(request.body), async (req, res) => {
    const user = userOf(req);
    const { ticketId } = req.body as NewOrderBody;
    const ticket = await Ticket.findById(ticketId).lean();
    if (!ticket) throw new NotFoundError('Ticket not found');
    if (ticket.userId === user.id) throw new BadRequestError('You cannot buy your own ticket');
    const order = await placeOrder({ userId: user.id, ticket, expirationWindowSeconds, maxOpenOrders });
    res.status(201).json(orderView(order));
  });
  return router;
}
