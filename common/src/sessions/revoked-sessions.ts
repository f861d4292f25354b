import mongoose, { Schema } from 'mongoose';
import type { EventData } from '../events/contracts';
import { Listener } from '../bus/listener';
import { logger } from '../logger';
import { PeriodicWorker } from '../periodic-worker';
import type { SessionDenyList } from '../middlewares/session';

/**
 * Sessions signed out before their expiry, as this service knows them: one document per session, written by the
 * `session:revoked` listener (a queue group: one replica of the service gets each event) and read by every replica
 * into memory (`RevokedSessions`), so that no request reads the database.
 */
export interface RevokedSessionAttrs {
  /** The session id (the token's `sid`). */
  _id: string;
  /** When the session's token expires: the record is useless after it. */
  expiresAt: Date;
}

const revokedSessionSchema = new Schema<RevokedSessionAttrs>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// MongoDB drops a record once its session has expired; `RevokedSessions` also deletes them (the stand-in used on
// one machine ignores TTL indexes).
revokedSessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RevokedSession = mongoose.model<RevokedSessionAttrs>('RevokedSession', revokedSessionSchema);

/** Records a revocation; the same one delivered twice (or to two services' databases) is one record. */
export async function recordRevokedSession({
  sessionId,
  expiresAt,
}: EventData<'session:revoked'>): Promise<void> {
  await RevokedSession.updateOne(
    { _id: sessionId },
    { $setOnInsert: { expiresAt: new Date(expiresAt) } },
    { upsert: true },
  );
}

/** Writes each signed-out session into this service's database. */
export class SessionRevokedListener extends Listener<'session:revoked'> {
  readonly subject = 'session:revoked' as const;

  async onMessage(data: EventData<'session:revoked'>): Promise<void> {
    await recordRevokedSession(data);
  }
}

/** How often each replica reloads the signed-out sessions: a copied cookie works this long after sign-out at most. */
export const REVOKED_SESSIONS_REFRESH_MS = 2_000;

/**
 * The deny-list of every replica: the session middleware asks `has` on each request; every `intervalMs` the records
 * past their expiry are deleted and the others loaded. Until its first load it knows none.
 */
export class RevokedSessions extends PeriodicWorker implements SessionDenyList {
  private ids = new Set<string>();

  constructor(intervalMs = REVOKED_SESSIONS_REFRESH_MS) {
    super(intervalMs, 'revoked sessions refresh');
  }

  has(sessionId: string): boolean {
    return this.ids.has(sessionId);
  }

  protected runOnce(): Promise<void> {
    return this.refresh();
  }

  /** Drops the records of expired sessions and reloads the rest. */
  async refresh(now = new Date()): Promise<void> {
    await RevokedSession.deleteMany({ expiresAt: { $lte: now } });
    const live = await RevokedSession.find({ expiresAt: { $gt: now } })
      .select('_id')
      .lean();
    this.ids = new Set(live.map((record) => record._id));
  }

  override start(): void {
    super.start();
    // The first load now, not one interval later (a failure is retried by the next tick).
    void this.refresh().catch((err: unknown) => logger.warn({ err }, 'revoked sessions first load failed'));
  }
}
