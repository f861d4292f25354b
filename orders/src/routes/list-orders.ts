import { Router } from 'express';
import type { QueryFilter } from 'mongoose';
import {
  apiRoutes,
  afterCursorFilter,
  pageRequest,
  requireAuth,
  setNextLink,
  splitPage,
  userOf,
} from '@ticketing/common';
import { Order, type OrderAttrs } from '../models/order';
import { orderView } from '../models/order-view';

export const listOrdersRouter = Router();

listOrdersRouter.get(apiRoutes.listOrders.path, requireAuth, async (req, res) => {
  const user = userOf(req);
  const { limit, after } = pageRequest(req);
  const filter: QueryFilter<OrderAttrs> = { userId: user.id, ...(after ? afterCursorFilter(after) : {}) };
  const found = await Order.find(filter)
    .select('-pendingEvents')
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean();
  const { page, next } = splitPage(found, limit);
  setNextLink(req, res, limit, next);
  res.json(page.map(orderView));
});
