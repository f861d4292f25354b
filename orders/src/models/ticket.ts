import mongoose, { Schema, Types } from 'mongoose';

/** The orders service's copy of a ticket, kept from ticket events; `_id` is the ticket's own id. */
export interface TicketAttrs {
  _id: Types.ObjectId;
  title: string;
  /** Integer cents. */
  price: number;
  /** The seller. */
  userId: string;
  version: number;
}

const ticketSchema = new Schema<TicketAttrs>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);

export const Ticket = mongoose.model<TicketAttrs>('Ticket', ticketSchema);
