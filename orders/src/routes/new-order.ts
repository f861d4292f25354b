import { Router } from 'express';
import { Types } from 'mongoose';
import {
  BadRequestError,
  NotFoundError,
  OrderStatus,
  bodyId,
  insertWithEvents,
  isDuplicateKeyError,
  outboxEvent,
  requireAuth,
  userOf,
} from '@ticketing/common';
import { Order } from '../models/order';
import { orderView } from '../models/order-view';
import { Ticket } from '../models/ticket';

export interface NewOrderDeps {
  expirationWindowSeconds: number;
}

export function newOrderRouter({ expirationWindowSeconds }: NewOrderDeps): Router {
  const router = Router();
  router.post('/api/orders', requireAuth, async (req, res) => {
    const user = userOf(req);
    const ticketId = bodyId((req.body as { ticketId?: unknown } | undefined)?.ticketId, 'ticketId');
    const ticket = await Ticket.findById(ticketId).lean();
    if (!ticket) throw new NotFoundError('Ticket not found');
    if (ticket.userId === user.id) throw new BadRequestError('You cannot buy your own ticket');

    const id = new Types.ObjectId();
    const expiresAt = new Date(Date.now() + expirationWindowSeconds * 1000);
    const order = new Order({
      _id: id,
      userId: user.id,
      status: OrderStatus.Created,
      expiresAt,
      ticket: { id: ticketId, title: ticket.title, price: ticket.price },
      version: 0,
      // Taking the lock is this one insert: the unique index lets exactly one live order hold the ticket id.
      lockKey: ticketId,
    });
    order.pendingEvents.push(
      outboxEvent('order:created', {
        id: id.toHexString(),
        version: 0,
        status: OrderStatus.Created,
        userId: user.id,
        expiresAt: expiresAt.toISOString(),
        ticket: { id: ticketId, price: ticket.price },
      }),
    );
    try {
      await insertWithEvents(order);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new BadRequestError('Ticket is already reserved');
      throw err;
    }
    res.status(201).json(orderView(order));
  });
  return router;
}
