import { model, Schema, type Types } from 'mongoose';
import {
  announcePending,
  outboxEvent,
  outboxPlugin,
  type PendingEvent,
  type SessionInfo,
} from '@ticketing/common';

/**
 * A sign-out: the session ended before its expiry. Its `session:revoked` event waits in the document's outbox until
 * the relay has published it; the record itself is dropped once the session would have expired anyway.
 */
export interface SignOutAttrs {
  _id: Types.ObjectId;
  sessionId: string;
  userId: string;
  expiresAt: Date;
  pendingEvents: PendingEvent[];
}

const signOutSchema = new Schema<SignOutAttrs>(
  {
    sessionId: { type: String, required: true, unique: true },
    userId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
signOutSchema.plugin(outboxPlugin);
signOutSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const SignOut = model<SignOutAttrs>('SignOut', signOutSchema);

/**
 * Records that a session was signed out, with its `session:revoked` event, in one write. Signing the same session
 * out again (a double click, a copied cookie) records and publishes nothing more.
 */
export async function recordSignOut(session: SessionInfo, userId: string): Promise<void> {
  const event = outboxEvent('session:revoked', {
    sessionId: session.id,
    expiresAt: session.expiresAt.toISOString(),
  });
  const result = await SignOut.updateOne(
    { sessionId: session.id },
    { $setOnInsert: { userId, expiresAt: session.expiresAt, pendingEvents: [event] } },
    { upsert: true },
  );
  if (result.upsertedId)
    announcePending(SignOut.collection.collectionName, result.upsertedId as Types.ObjectId);
}
