import { randomUUID } from 'node:crypto';
import { Schema, Types, type Collection } from 'mongoose';
import { correlationId } from '../context';
import { eventSchemas, type EventData, type Subject } from '../events/contracts';
import type { EventBus } from '../bus/event-bus';
import { logger } from '../logger';
import { documentLockKey, withLock } from '../db/document-lock';

/**
 * An event waiting to be published, stored inside the document whose change caused it. Writing the state
 * change and its event is then one single-document write, atomic without multi-document transactions.
 */
export interface PendingEvent {
  id: string;
  subject: Subject;
  data: unknown;
  correlationId: string;
  occurredAt: Date;
}

const pendingEventSchema = new Schema<PendingEvent>(
  {
    id: { type: String, required: true },
    subject: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    correlationId: { type: String, required: true },
    occurredAt: { type: Date, required: true },
  },
  { _id: false },
);

/** Schema field to add to every aggregate that publishes events. */
export const pendingEventsField = {
  pendingEvents: { type: [pendingEventSchema], default: [] as PendingEvent[] },
};

/** Builds an event for the outbox; its data is checked against the subject's contract now, not at publish. */
export function outboxEvent<S extends Subject>(subject: S, data: EventData<S>): PendingEvent {
  return {
    id: randomUUID(),
    subject,
    data: eventSchemas[subject].parse(data),
    correlationId: correlationId(),
    occurredAt: new Date(),
  };
}

interface OutboxDocument {
  _id: Types.ObjectId;
  pendingEvents?: PendingEvent[];
}

export interface RelayOptions {
  /** How often to look for events left behind (e.g. by a crash between a write and its publish). */
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes pending events in the order they were written per document, removing them (under the document's
 * lock, like every other write to it) only after the broker confirmed them. A crash between the two publishes
 * it again on the next sweep: delivery is at least once, and
 * the message id lets JetStream drop the duplicate (consumers are idempotent in any case).
 */
export class OutboxRelay {
  private readonly collections: Collection<OutboxDocument>[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  /** Documents just written with events: published by _id, without scanning the collections. */
  private readonly targets = new Map<string, Types.ObjectId>();
  private fullSweep = false;
  private readonly intervalMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly bus: EventBus,
    models: { collection: Collection }[],
    options: RelayOptions = {},
  ) {
    this.collections = models.map((model) => model.collection as unknown as Collection<OutboxDocument>);
    this.intervalMs = options.intervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Asks for a publish soon. With the id of the document just written, only that document is read (by _id, cheap
   * on any server); without one, the collections are scanned for anything pending (the periodic safety net).
   */
  kick(id?: Types.ObjectId | string): void {
    if (this.stopped) return;
    if (id === undefined) this.fullSweep = true;
    else this.targets.set(String(id), typeof id === 'string' ? new Types.ObjectId(id) : id);
    void this.run().catch((err: unknown) => logger.error({ err }, 'outbox sweep failed'));
  }

  /** Publishes everything pending now; resolves with how many events were published. */
  flush(): Promise<number> {
    this.fullSweep = true;
    return this.run();
  }

  private async run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.sweepUntilQuiet();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sweepUntilQuiet(): Promise<number> {
    let published = 0;
    do {
      this.again = false;
      const full = this.fullSweep;
      this.fullSweep = false;
      const ids = [...this.targets.values()];
      this.targets.clear();
      for (const collection of this.collections) {
        published += full ? await this.sweep(collection) : await this.sweepIds(collection, ids);
      }
    } while (this.again && !this.stopped);
    return published;
  }

  private async sweep(collection: Collection<OutboxDocument>): Promise<number> {
    const documents = await collection
      .find({ 'pendingEvents.0': { $exists: true } }, { projection: { pendingEvents: 1 } })
      .limit(this.batchSize)
      .toArray();
    let published = 0;
    for (const document of documents) {
      const outcome = await this.publishDocument(collection, document);
      published += outcome.published;
      if (!outcome.complete) return published;
    }
    if (documents.length === this.batchSize) {
      this.fullSweep = true;
      this.again = true;
    }
    return published;
  }

  private async sweepIds(collection: Collection<OutboxDocument>, ids: Types.ObjectId[]): Promise<number> {
    let published = 0;
    for (const id of ids) {
      const document = await collection.findOne({ _id: id }, { projection: { pendingEvents: 1 } });
      if (!document?.pendingEvents?.length) continue;
      const outcome = await this.publishDocument(collection, document);
      published += outcome.published;
      // The broker refused: the periodic sweep retries what is left.
      if (!outcome.complete) return published;
    }
    return published;
  }

  /** Publishes one document's events in order; stops at the first the broker does not confirm. */
  private async publishDocument(
    collection: Collection<OutboxDocument>,
    document: OutboxDocument,
  ): Promise<{ published: number; complete: boolean }> {
    const pending = document.pendingEvents ?? [];
    const done: string[] = [];
    for (const event of pending) {
      try {
        await this.bus.publish(event.subject, event.data as EventData<Subject>, {
          id: event.id,
          correlationId: event.correlationId,
        });
        done.push(event.id);
      } catch (err) {
        logger.warn(
          { err: (err as Error).message, subject: event.subject },
          'outbox publish failed; will retry',
        );
        break;
      }
    }
    if (done.length > 0) await this.forget(collection, document._id, done);
    return { published: done.length, complete: done.length === pending.length };
  }

  /** Removes published events under the document's lock, so a concurrent change to it is never overwritten. */
  private async forget(
    collection: Collection<OutboxDocument>,
    id: Types.ObjectId,
    eventIds: string[],
  ): Promise<void> {
    await withLock(documentLockKey(collection, id), async () => {
      const current = await collection.findOne({ _id: id }, { projection: { pendingEvents: 1 } });
      if (!current) return;
      const remaining = (current.pendingEvents ?? []).filter((event) => !eventIds.includes(event.id));
      await collection.updateOne({ _id: id }, { $set: { pendingEvents: remaining } });
    });
  }
}
