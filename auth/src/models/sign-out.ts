import { model, Schema, type Types } from 'mongoose';
import {
  announcePending,
  outboxEvent,
  outboxPlugin,
  PeriodicWorker,
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

/** How often auth drops the sign-outs of expired sessions. */
export const SIGN_OUT_PURGE_INTERVAL_MS = 60_000;

/**
 * Drops the sign-outs whose sessions have expired, published or not (an expired session needs no revoking).
 * MongoDB's TTL index does the same; the stand-in used on one machine ignores TTL indexes, and a replica of auth
 * running this is harmless on MongoDB (the same delete, done twice, deletes nothing more).
 */
export async function purgeExpiredSignOuts(now = new Date()): Promise<number> {
  const { deletedCount } = await SignOut.deleteMany({ expiresAt: { $lte: now } });
  return deletedCount;
}

export class SignOutPurge extends PeriodicWorker {
  constructor(intervalMs = SIGN_OUT_PURGE_INTERVAL_MS) {
    super(intervalMs, 'sign-out purge');
  }

  protected runOnce(): Promise<number> {
    return purgeExpiredSignOuts();
  }
}
