import { Router } from 'express';
import type { QueryFilter } from 'mongoose';
import {
  afterCursorFilter,
  splitPage,
  BadRequestError,
  ForbiddenError,
  NotAuthorizedError,
  isObjectId,
  pageRequest,
  setNextLink,
} from '@ticketing/common';
import type { Request } from 'express';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';

/**
 * Which tickets: by default every seller's tickets for sale. `?userId=` narrows to one seller; `&status=all`
 * adds their reserved and sold tickets, which only that seller may see (their listings page).
 */
function selection(req: Request): QueryFilter<Ticket> {
  const { userId, status = 'for-sale' } = req.query;
  if (userId !== undefined && !isObjectId(userId))
    throw new BadRequestError('userId must be a valid id', 'userId');
  if (status !== 'for-sale' && status !== 'all') {
    throw new BadRequestError('status must be for-sale or all', 'status');
  }
  const seller = userId === undefined ? {} : { userId: userId.toLowerCase() };
  if (status === 'for-sale') return { ...seller, sold: false, orderId: null };
  if (!req.currentUser) throw new NotAuthorizedError();
  if (seller.userId !== req.currentUser.id)
    throw new ForbiddenError('Only a seller may list their reserved and sold tickets');
  return seller;
}

/** Tickets newest first, one page at a time: those for sale, or one seller's (see selection). */
export function listTicketsRouter(): Router {
  const router = Router();
  router.get('/api/tickets', async (req, res) => {
    const { limit, after } = pageRequest(req);
    const filter: QueryFilter<Ticket> = { ...selection(req), ...(after ? afterCursorFilter(after) : {}) };
    // One extra tells whether a next page exists.
    const found = await Ticket.find(filter)
      .select({ orders: 0, pendingEvents: 0 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1);
    const { page, next } = splitPage(found, limit);
    setNextLink(req, res, limit, next);
    res.json(page.map(ticketView));
  });
  return router;
}
