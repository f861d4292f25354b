import { Router } from 'express';
import { apiRoutes, ForbiddenError, NotFoundError, pathId, requireAuth, userOf } from '@ticketing/common';
import { Order } from '../models/order';
import { orderView } from '../models/order-view';

export const showOrderRouter = Router();

showOrderRouter.get(apiRoutes.showOrder.path, requireAuth, async (req, res) => {
  const user = userOf(req);
  const order = await Order.findById(pathId(req.params.id, 'Order')).select('-pendingEvents').lean();
  if (!order) throw new NotFoundError('Order not found');
  if (order.userId !== user.id) throw new ForbiddenError();
  res.json(orderView(order));
});
