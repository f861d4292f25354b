import { model, Schema } from 'mongoose';
import { outboxPlugin, type PendingEvent } from '../outbox';

/** An aggregate shaped like the services' ones, shared by the crash test and the processes it kills. */
export interface CrashTicket {
  title: string;
  price: number;
  userId: string;
  version: number;
  pendingEvents: PendingEvent[];
}

const crashTicketSchema = new Schema<CrashTicket>(
  {
    title: { type: String, required: true },
    price: { type: Number, required: true },
    userId: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false },
);
crashTicketSchema.plugin(outboxPlugin);

export const CrashTicket = model<CrashTicket>('CrashTicket', crashTicketSchema);
