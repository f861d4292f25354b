import { Router } from 'express';
import { Types, type QueryFilter } from 'mongoose';
import {
  BadRequestError,
  isObjectId,
  pageRequest,
  requireAuth,
  setNextLink,
  userOf,
  type Cursor,
} from '@ticketing/common';
import { Order, type OrderAttrs } from '../models/order';
import { orderView } from '../models/order-view';

/** The position after which the next page starts: orders older than the cursor, ties broken by id. */
function afterCursor(cursor: Cursor): QueryFilter<OrderAttrs> {
  const createdAt = new Date(cursor.key);
  if (Number.isNaN(createdAt.getTime()) || !isObjectId(cursor.id)) {
    throw new BadRequestError('Invalid cursor', 'cursor');
  }
  const id = new Types.ObjectId(cursor.id);
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] };
}

export const listOrdersRouter = Router();

listOrdersRouter.get('/api/orders', requireAuth, async (req, res) => {
  const user = userOf(req);
  const { limit, after } = pageRequest(req);
  const filter: QueryFilter<OrderAttrs> = { userId: user.id, ...(after ? afterCursor(after) : {}) };
  const found = await Order.find(filter)
    .select('-pendingEvents')
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean();
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    found.length > limit && last
      ? { key: last.createdAt.toISOString(), id: last._id.toHexString() }
      : undefined;
  setNextLink(req, res, limit, next);
  res.json(page.map(orderView));
});
