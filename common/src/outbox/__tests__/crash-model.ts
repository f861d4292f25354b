import { model, Schema } from 'mongoose';
import { pendingEventsField, type PendingEvent } from '../outbox';

/** An aggregate shaped like the services' ones, shared by the crash test and the processes it kills. */
export interface CrashTicket {
  title: string;
  price: number;
  userId: string;
  version: number;
  pendingEvents: PendingEvent[];
}

export const CrashTicket = model<CrashTicket>(
  'CrashTicket',
  new Schema<CrashTicket>(
    {
      title: { type: String, required: true },
      price: { type: Number, required: true },
      userId: { type: String, required: true },
      version: { type: Number, required: true },
      ...pendingEventsField,
    },
    { versionKey: false },
  ),
);
