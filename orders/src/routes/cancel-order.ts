import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  pathId,
  requireAuth,
  userOf,
} from '@ticketing/common';
import { cancelOrder } from '../lifecycle/order-lifecycle';
import { Order } from '../models/order';

export function cancelOrderRouter(): Router {
  const router = Router();
  router.delete(apiRoutes.cancelOrder.path, requireAuth, async (req, res) => {
    const user = userOf(req);
    const id = pathId(req.params.id, 'Order');
    // The owner never changes, so checking it first is safe; the status is decided by the conditional write.
    const order = await Order.findById(id).select('userId').lean();
    if (!order) throw new NotFoundError('Order not found');
    if (order.userId !== user.id) throw new ForbiddenError();
    const outcome = await cancelOrder(id);
    if (outcome === 'completed') throw new BadRequestError('Cannot cancel a completed order');
    if (outcome === 'missing') throw new NotFoundError('Order not found');
    // Cancelling an already cancelled order is idempotent: same answer, no second event.
    res.status(204).end();
  });
  return router;
}
