import { Router } from 'express';
import type { QueryFilter } from 'mongoose';
import { BadRequestError, isObjectId, pageRequest, setNextLink, type Cursor } from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView } from '../models/ticket-view';

/** The cursor is opaque to clients but must still name a real position: an ISO date and an ObjectId. */
function position(cursor: Cursor): QueryFilter<Ticket> {
  const createdAt = new Date(cursor.key);
  if (Number.isNaN(createdAt.getTime()) || !isObjectId(cursor.id)) {
    throw new BadRequestError('Invalid cursor', 'cursor');
  }
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: cursor.id } }] };
}

/** Tickets for sale (neither reserved nor sold), newest first, one page at a time. */
export function listTicketsRouter(): Router {
  const router = Router();
  router.get('/api/tickets', async (req, res) => {
    const { limit, after } = pageRequest(req);
    const filter: QueryFilter<Ticket> = { sold: false, orderId: null, ...(after ? position(after) : {}) };
    // One extra tells whether a next page exists.
    const found = await Ticket.find(filter)
      .select({ orders: 0, pendingEvents: 0 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1);
    const page = found.slice(0, limit);
    const last = page[page.length - 1];
    const next =
      found.length > limit && last
        ? { key: last.createdAt.toISOString(), id: last._id.toHexString() }
        : undefined;
    setNextLink(req, res, limit, next);
    res.json(page.map(ticketView));
  });
  return router;
}
