import mongoose, { Schema, type HydratedDocument } from 'mongoose';
import { OrderStatus } from '@ticketing/common';

/**
 * The payments service's copy of an order, kept from order events; `_id` is the order's id. Only what paying
 * needs. `price` (cents) and `expiresAt` are missing when the copy was started by a cancel or complete
 * that arrived before the order's create.
 */
export interface Order {
  _id: mongoose.Types.ObjectId;
  userId: string;
  status: OrderStatus;
  price?: number;
  expiresAt?: Date;
  version: number;
}

export type OrderDocument = HydratedDocument<Order>;

const orderSchema = new Schema<Order>(
  {
    userId: { type: String, required: true },
    status: { type: String, required: true, enum: Object.values(OrderStatus) },
    price: { type: Number },
    expiresAt: { type: Date },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

export const Order = mongoose.model<Order>('Order', orderSchema, 'orders');
