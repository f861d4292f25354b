import mongoose, { Schema } from 'mongoose';
import { ChargeStatus, outboxPlugin, type PendingEvent } from '@ticketing/common';

/**
 * One payment attempt for an order. The unique index on orderId is the claim that keeps an order from being
 * charged twice; every later change is a write conditioned on `version`.
 */
export interface Charge {
  _id: mongoose.Types.ObjectId;
  orderId: string;
  status: ChargeStatus;
  /** Cents. */
  amount: number;
  stripeId?: string;
  stripeRefundId?: string;
  failureReason?: string;
  /** +1 per write (optimistic concurrency). */
  version: number;
  pendingEvents: PendingEvent[];
  createdAt: Date;
}

const chargeSchema = new Schema<Charge>(
  {
    orderId: { type: String, required: true, unique: true },
    status: { type: String, required: true, enum: Object.values(ChargeStatus) },
    amount: { type: Number, required: true },
    stripeId: { type: String },
    stripeRefundId: { type: String },
    failureReason: { type: String },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);

// The reconciler's question: which charges are still unsettled, oldest first.
chargeSchema.index({ status: 1, createdAt: 1 });
chargeSchema.plugin(outboxPlugin);

export const Charge = mongoose.model<Charge>('Charge', chargeSchema, 'charges');
