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
  /** When this database first recorded it (the writer's clock): what the replicas' frequent loads look for. */
  recordedAt?: Date;
}

const revokedSessionSchema = new Schema<RevokedSessionAttrs>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    recordedAt: { type: Date },
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
    { $setOnInsert: { expiresAt: new Date(expiresAt), recordedAt: new Date() } },
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

/** How often each replica loads the new sign-outs: a copied cookie works this long after sign-out at most. */
export const REVOKED_SESSIONS_REFRESH_MS = 2_000;
/** How often each replica drops the expired records and reloads the whole list. */
export const REVOKED_SESSIONS_FULL_RELOAD_MS = 60_000;
/**
 * How far before its previous load a replica looks again: a record is stamped by its writer's clock before its
 * write commits, so a slow write or a writer's clock behind the reader's by less than this is still seen by the next
 * frequent load (and by the next full reload in any case).
 */
export const REVOKED_SESSIONS_OVERLAP_MS = 30_000;

/**
 * The deny-list of every replica: the session middleware asks `has` on each request. Every `intervalMs` it loads the
 * sessions recorded since its previous load (less the overlap); every `REVOKED_SESSIONS_FULL_RELOAD_MS` it deletes
 * the records past their expiry and loads the whole list again, so that its memory holds the live sessions only and
 * a record without `recordedAt` (written before that field existed) is seen within a minute. Until its first load
 * it knows none.
 */
export class RevokedSessions extends PeriodicWorker implements SessionDenyList {
  private ids = new Set<string>();
  private lastFullLoad = -Infinity;
  private lastLoad = -Infinity;

  constructor(intervalMs = REVOKED_SESSIONS_REFRESH_MS) {
    super(intervalMs, 'revoked sessions refresh');
  }

  has(sessionId: string): boolean {
    return this.ids.has(sessionId);
  }

  protected runOnce(): Promise<void> {
    return this.refresh();
  }

  /** Loads the sessions recorded since the previous load, or everything (dropping the expired) once a minute. */
  async refresh(now = new Date()): Promise<void> {
    const at = now.getTime();
    if (at - this.lastFullLoad >= REVOKED_SESSIONS_FULL_RELOAD_MS) {
      await RevokedSession.deleteMany({ expiresAt: { $lte: now } });
      const live = await RevokedSession.find({ expiresAt: { $gt: now } })
        .select('_id')
        .lean();
      this.ids = new Set(live.map((record) => record._id));
      this.lastFullLoad = at;
    } else {
      const recent = await RevokedSession.find({
        recordedAt: { $gte: new Date(this.lastLoad - REVOKED_SESSIONS_OVERLAP_MS) },
        expiresAt: { $gt: now },
      })
        .select('_id')
        .lean();
      for (const record of recent) this.ids.add(record._id);
    }
    this.lastLoad = at;
  }

  override start(): void {
    super.start();
    // The first load now, not one interval later (a failure is retried by the next tick).
    void this.refresh().catch((err: unknown) => logger.warn({ err }, 'revoked sessions first load failed'));
  }
}
