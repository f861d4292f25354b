import { randomUUID } from 'node:crypto';
import { Schema, Types, type Collection } from 'mongoose';
import { correlationId } from '../context';
import { eventSchemas, type EventData, type Subject } from '../events/contracts';
import type { EventBus } from '../bus/event-bus';
import { logger } from '../logger';
import { registerOutboxMetrics, type Backlog } from './outbox-metrics';

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

/**
 * The outbox of an aggregate, as a schema plugin: the pending events field, and the index that serves the relay's
 * safety-net scan (a multikey index on the events' times: documents with an empty outbox have no such entry).
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({ pendingEvents: { type: [pendingEventSchema], default: [] } });
  schema.index({ 'pendingEvents.occurredAt': 1 });
}

/** The relay of each collection in this process, told when a write left events in one of its documents. */
const relays = new Map<string, OutboxRelay>();

// Scrapes read the backlog of every collection a relay of this process publishes.
registerOutboxMetrics(async () => {
  const backlogs = [...relays.entries()].map(([name, relay]) => relay.backlog(name));
  return (await Promise.all(backlogs)).filter((backlog): backlog is Backlog => backlog !== undefined);
});

/**
 * Says that the document `id` of a collection now holds pending events: the relay of that collection publishes
 * them at once instead of at its next sweep. Given the events the write just added (`written`), it publishes
 * those without reading the document back. Without a relay (a process that only writes) nothing happens.
 */
export function announcePending(
  collectionName: string,
  id: Types.ObjectId | string,
  written?: PendingEvent[],
): void {
  relays.get(collectionName)?.kick(id, written);
}

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

/** Documents whose events one relay publishes at the same time. */
const PUBLISH_CONCURRENCY = 32;
/** How many of the event ids it published last a relay remembers, so as not to publish them again. */
const REMEMBERED_PUBLISHED = 10_000;

export interface RelayOptions {
  /** How often to look for events left behind (e.g. by a crash between a write and its publish). */
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes pending events in the order they were written per document (a write's own events, given to
 * `announcePending`, go out at once even if an older event of the document waits for the next sweep: consumers
 * never depend on the order), removing them (`$pull` by event id, a single atomic write that leaves anything
 * written meanwhile alone) only after the broker confirmed them. A
 * crash between the two publishes them again on the next sweep: delivery is at least once, and the message id
 * lets JetStream drop the duplicate (consumers are idempotent in any case). The newest relay created for a
 * collection is the one `announcePending` wakes.
 */
export class OutboxRelay {
  private readonly collections: Collection<OutboxDocument>[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  /**
   * Documents just written with events, published without scanning the collections: with the events the write
   * added when the writer gave them (nothing to read), else read by _id.
   */
  private readonly targets = new Map<string, { _id: Types.ObjectId; written?: PendingEvent[] }>();
  private fullSweep = false;
  /**
   * The ids of the events this relay published last (insertion order, the oldest dropped first). A write announces
   * its events after its write returned; a sweep may have read, published and removed them in between, and the
   * announcement must not send them again (a sweep that reads a document announced meanwhile, likewise).
   */
  private readonly published = new Set<string>();
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
    for (const collection of this.collections) relays.set(collection.collectionName, this);
  }

  start(): void {
    this.stopped = false;
    for (const collection of this.collections) relays.set(collection.collectionName, this);
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /**
   * Asks for a publish soon. With the id of the document just written and the events the write added, those are
   * published as they are; with the id only, that document is read (by _id, cheap on any server); without one,
   * the collections are scanned for anything pending (the periodic safety net).
   */
  kick(id?: Types.ObjectId | string, written?: PendingEvent[]): void {
    if (this.stopped) return;
    if (id === undefined) this.fullSweep = true;
    else {
      const key = String(id);
      const _id = typeof id === 'string' ? new Types.ObjectId(id) : id;
      // A second write of the document before the first was published: its events are read, all in order.
      this.targets.set(key, this.targets.has(key) || !written ? { _id } : { _id, written });
    }
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

  /** Stops sweeping after what is running now; `flush()` first to publish what is still pending. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const collection of this.collections) {
      if (relays.get(collection.collectionName) === this) relays.delete(collection.collectionName);
    }
    await this.running?.catch(() => undefined);
  }

  /**
   * What one of this relay's collections holds unpublished, for the metrics: two reads on the outbox index
   * (documents with an event, then the one whose event is oldest), cheap whatever the collection's size.
   */
  async backlog(collectionName: string): Promise<Backlog | undefined> {
    const collection = this.collections.find((c) => c.collectionName === collectionName);
    if (!collection) return undefined;
    const pending = { 'pendingEvents.occurredAt': { $gte: new Date(0) } };
    const [pendingDocuments, oldest] = await Promise.all([
      collection.countDocuments(pending, { maxTimeMS: 2_000 }),
      collection.findOne(pending, {
        sort: { 'pendingEvents.occurredAt': 1 },
        projection: { 'pendingEvents.occurredAt': 1 },
        maxTimeMS: 2_000,
      }),
    ]);
    const times = (oldest?.pendingEvents ?? []).map((event) => new Date(event.occurredAt).getTime());
    const oldestAt = times.length > 0 ? Math.min(...times) : undefined;
    return {
      collection: collectionName,
      pendingDocuments,
      oldestAgeSeconds: oldestAt === undefined ? 0 : Math.max(0, Date.now() - oldestAt) / 1000,
    };
  }

  private async sweepUntilQuiet(): Promise<number> {
    let published = 0;
    do {
      this.again = false;
      const full = this.fullSweep;
      this.fullSweep = false;
      const targets = [...this.targets.values()];
      this.targets.clear();
      for (const collection of this.collections) {
        published += full ? await this.sweep(collection) : await this.sweepTargets(collection, targets);
      }
    } while (this.again && !this.stopped);
    return published;
  }

  private async sweep(collection: Collection<OutboxDocument>): Promise<number> {
    const documents = await collection
      .find({ 'pendingEvents.occurredAt': { $lte: new Date() } }, { projection: { pendingEvents: 1 } })
      .limit(this.batchSize)
      .toArray();
    const published = await this.publishAll(collection, documents);
    if (documents.length === this.batchSize) {
      this.fullSweep = true;
      this.again = true;
    }
    return published.size;
  }

  private async sweepTargets(
    collection: Collection<OutboxDocument>,
    targets: { _id: Types.ObjectId; written?: PendingEvent[] }[],
  ): Promise<number> {
    if (targets.length === 0) return 0;
    const known = targets.flatMap(({ _id, written }) => (written ? [{ _id, pendingEvents: written }] : []));
    const unknown = targets.flatMap(({ _id, written }) => (written ? [] : [_id]));
    const read =
      unknown.length === 0
        ? []
        : await collection.find({ _id: { $in: unknown } }, { projection: { pendingEvents: 1 } }).toArray();
    return (await this.publishAll(collection, [...known, ...read])).size;
  }

  /**
   * Publishes the events of several documents, each document's in order and up to PUBLISH_CONCURRENCY documents
   * at a time (a burst of writes does not wait for one broker round trip after another), then removes every event
   * that went out with one write (`$pull` by event id from each document; event ids are unique). Under load the
   * relay wakes for many documents at once, so this is one read and one write per batch instead of two per
   * document. After the first event the broker refuses, no further document is started: the periodic sweep
   * retries what is left. Gives the ids of the events that went out.
   */
  private async publishAll(
    collection: Collection<OutboxDocument>,
    documents: OutboxDocument[],
  ): Promise<Set<string>> {
    const published: string[] = [];
    const touched: Types.ObjectId[] = [];
    const queue = [...documents];
    let refused = false;
    const publisher = async () => {
      for (let document = queue.shift(); document && !refused; document = queue.shift()) {
        const outcome = await this.publishDocument(document);
        if (outcome.done.length > 0) {
          touched.push(document._id);
          published.push(...outcome.done);
        }
        if (!outcome.complete) refused = true;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PUBLISH_CONCURRENCY, queue.length) }, publisher));
    } finally {
      if (touched.length > 0) {
        await collection.updateMany(
          { _id: { $in: touched } },
          { $pull: { pendingEvents: { id: { $in: published } } } },
        );
      }
    }
    return new Set(published);
  }

  private remember(eventId: string): void {
    this.published.add(eventId);
    if (this.published.size > REMEMBERED_PUBLISHED) {
      const oldest = this.published.values().next().value;
      if (oldest !== undefined) this.published.delete(oldest);
    }
  }

  /**
   * Publishes one document's events in order, but those this relay published already; stops at the first the
   * broker does not confirm.
   */
  private async publishDocument(document: OutboxDocument): Promise<{ done: string[]; complete: boolean }> {
    const pending = document.pendingEvents ?? [];
    const done: string[] = [];
    for (const event of pending) {
      // Already out (a sweep and the write's announcement both had it): only its removal is left to do.
      if (this.published.has(event.id)) {
        done.push(event.id);
        continue;
      }
      try {
        await this.bus.publish(event.subject, event.data as EventData<Subject>, {
          id: event.id,
          correlationId: event.correlationId,
          occurredAt: new Date(event.occurredAt),
        });
        this.remember(event.id);
        done.push(event.id);
      } catch (err) {
        logger.warn(
          { err: (err as Error).message, subject: event.subject },
          'outbox publish failed; will retry',
        );
        break;
      }
    }
    return { done, complete: done.length === pending.length };
  }
}
