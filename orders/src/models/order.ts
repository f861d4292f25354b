import mongoose, { Schema, Types, type HydratedDocument } from 'mongoose';
import { OrderStatus, outboxPlugin, type PendingEvent } from '@ticketing/common';

export interface OrderTicket {
  id: string;
  title: string;
  /**
   * Integer cents: what this service's copy of the ticket said when the order was placed, then, once tickets
   * confirmed the hold (status awaiting_payment), the price tickets reserved it at: the price the buyer pays.
   */
  price: number;
}

export interface OrderAttrs {
  _id: Types.ObjectId;
  userId: string;
  status: OrderStatus;
  expiresAt: Date;
  ticket: OrderTicket;
  version: number;
  /**
   * The lock on the ticket. A unique index makes it the one guard against two live orders for a ticket:
   * an open or completed order holds the ticket id here, a cancelled one `released:<orderId>`.
   */
  lockKey: string;
  /**
   * The order's place among the holds of its ticket, 1 for the ticket's first order: one more than the highest of
   * the ticket's orders when it was placed. Order events carry it so tickets can tell an older hold from a newer
   * one whatever order they arrive in.
   */
  holdSequence: number;
  /** `<ticketId>#<holdSequence>`: a unique index makes each sequence number of a ticket one order's. */
  holdKey: string;
  /**
   * One of the buyer's open-order slots (`<userId>#<n>`, n < MAX_OPEN_ORDERS_PER_BUYER) while the order is open;
   * `released:<orderId>` once it ended. A unique index makes the cap hold under parallel orders.
   */
  buyerSlot: string;
  createdAt: Date;
  pendingEvents: PendingEvent[];
}

export type OrderDocument = HydratedDocument<OrderAttrs>;

export const OPEN_STATUSES: readonly OrderStatus[] = [OrderStatus.Created, OrderStatus.AwaitingPayment];

/** What an ended order keeps in its lockKey and buyerSlot: unique to it, so it holds nothing any more. */
export function releasedLockKey(orderId: Types.ObjectId | string): string {
  return `released:${String(orderId)}`;
}

export function holdKey(ticketId: string, holdSequence: number): string {
  return `${ticketId}#${holdSequence}`;
}

export function buyerSlots(userId: string, maxOpenOrders: number): string[] {
  return Array.from({ length: maxOpenOrders }, (_, n) => `${userId}#${n}`);
}

const orderSchema = new Schema<OrderAttrs>(
  {
    userId: { type: String, required: true },
    status: { type: String, required: true, enum: Object.values(OrderStatus) },
    expiresAt: { type: Date, required: true },
    ticket: {
      type: new Schema<OrderTicket>(
        {
          id: { type: String, required: true },
          title: { type: String, required: true },
          price: { type: Number, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    version: { type: Number, required: true },
    lockKey: { type: String, required: true },
    holdSequence: { type: Number, required: true },
    holdKey: { type: String, required: true },
    buyerSlot: { type: String, required: true },
    createdAt: { type: Date, required: true, default: () => new Date() },
  },
  { versionKey: false },
);

orderSchema.plugin(outboxPlugin);
orderSchema.index({ lockKey: 1 }, { unique: true });
orderSchema.index({ buyerSlot: 1 }, { unique: true });
orderSchema.index({ holdKey: 1 }, { unique: true });
// A new order's hold sequence: the ticket's latest hold.
orderSchema.index({ 'ticket.id': 1, holdSequence: -1 });
// The order history: one user's orders, newest first.
orderSchema.index({ userId: 1, createdAt: -1, _id: -1 });
// The sweeper's question: which open orders have lapsed.
orderSchema.index({ status: 1, expiresAt: 1 });

export const Order = mongoose.model<OrderAttrs>('Order', orderSchema);
