import mongoose, { Schema } from 'mongoose';
import { ChargeStatus, outboxPlugin, type PendingEvent } from '@ticketing/common';

/**
 * One payment attempt for an order. The unique index on orderId is the claim that keeps an order from being
 * charged twice; every later change is a write conditioned on `version`. `stripeId` is the PaymentIntent's id,
 * recorded before the intent is confirmed (see gateway/payment-gateway.ts).
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
  /**
   * When the reconciler should look at it next: set while the charge is unsettled (`created`) or owes a refund
   * (`refund_due`), null once final. Moved later after each try that settles nothing.
   */
  reconcileAt?: Date | null;
  /** The reconciler's tries that settled nothing, for its backoff. */
  attempts?: number;
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
    reconcileAt: { type: Date },
    attempts: { type: Number },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);

// The reconciler's question: which charges are due a look now, the longest due first.
chargeSchema.index({ reconcileAt: 1 });
chargeSchema.plugin(outboxPlugin);

export const Charge = mongoose.model<Charge>('Charge', chargeSchema, 'charges');
