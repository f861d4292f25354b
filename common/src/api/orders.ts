import { z } from 'zod';
import { OrderStatus } from '../events/types';
import { bodyObjectId, dateTime, id, pathObjectId, price, version } from './fields';

export const newOrderBody = z
  .object({ ticketId: bodyObjectId('ticketId must be a valid id') })
  .meta({ id: 'NewOrder' });

export const orderStatusSchema = z.enum([
  OrderStatus.Created,
  OrderStatus.AwaitingPayment,
  OrderStatus.Completed,
  OrderStatus.Cancelled,
]);

export const orderSchema = z
  .object({
    id,
    status: orderStatusSchema,
    userId: id,
    /** When the order lapses unless paid. */
    expiresAt: dateTime,
    /** When it was placed. */
    createdAt: dateTime,
    /** The ticket as it was when the order was placed. */
    ticket: z.object({ id, title: z.string(), price }),
    version,
  })
  .meta({ id: 'Order' });

export const orderParams = z.object({ id: pathObjectId('order') });

export type NewOrderBody = z.infer<typeof newOrderBody>;
export type Order = z.infer<typeof orderSchema>;
export type OrderStatusName = z.infer<typeof orderStatusSchema>;
