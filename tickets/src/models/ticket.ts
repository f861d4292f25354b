import { model, Schema, type HydratedDocument, type Types } from 'mongoose';
import { outboxPlugin, type PendingEvent } from '@ticketing/common';

export interface Ticket {
  _id: Types.ObjectId;
  title: string;
  /** The title's search terms (see search-terms.ts), written with the title by every write that sets it. */
  searchTerms: string[];
  /** Integer cents. */
  price: number;
  userId: string;
  /** The order holding (or, once sold, that bought) the ticket; null while it is for sale. */
  orderId: string | null;
  sold: boolean;
  /** When the order that bought the ticket completed; null while unsold (and for tickets sold before it existed). */
  soldAt: Date | null;
  /**
   * +1 per write (optimistic concurrency: every write is conditioned on it). Events carry it, and consumers keep
   * a copy only when an event is newer; a write that changes nothing they keep (a tombstone) raises no event, so
   * the versions consumers see may have gaps.
   */
  version: number;
  createdAt: Date;
  /**
   * The highest hold sequence of the order events seen (see reservation.ts): a hold with a lower or equal one is
   * over, so duplicate, late and out-of-order order events change nothing. 0 before the first order.
   */
  holdSequence: number;
  pendingEvents: PendingEvent[];
}

export type TicketDocument = HydratedDocument<Ticket>;

const ticketSchema = new Schema<Ticket>(
  {
    title: { type: String, required: true },
    searchTerms: { type: [String], default: [] },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    orderId: { type: String, default: null },
    sold: { type: Boolean, default: false },
    soldAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true, default: () => new Date(), immutable: true },
    holdSequence: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

// The public list, tickets neither reserved nor sold: each sort, with or without a title search (one word of the
// query picked by the index, the others checked on the documents it finds); a price range is read from the index.
// `price: 1, _id: 1` serves both price orders (the descending one reads it backwards).
ticketSchema.index({ sold: 1, orderId: 1, createdAt: -1, _id: -1, price: 1 });
ticketSchema.index({ sold: 1, orderId: 1, price: 1, _id: 1 });
ticketSchema.index({ sold: 1, orderId: 1, searchTerms: 1, createdAt: -1, _id: -1, price: 1 });
ticketSchema.index({ sold: 1, orderId: 1, searchTerms: 1, price: 1, _id: 1 });
// A seller's listings page: all of them, or those still for sale.
ticketSchema.index({ userId: 1, createdAt: -1, _id: -1 });
ticketSchema.index({ userId: 1, sold: 1, orderId: 1, createdAt: -1, _id: -1 });

ticketSchema.plugin(outboxPlugin);

export const Ticket = model<Ticket>('Ticket', ticketSchema);
