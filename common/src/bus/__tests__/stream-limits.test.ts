import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mongoose, { Schema, Types } from 'mongoose';
import { freePort, jetstreamServer } from '@ticketing/tools';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy, StorageType, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { subjects, type EventData } from '../../events/contracts';
import { OutboxRelay, outboxEvent, outboxPlugin, type PendingEvent } from '../../outbox/outbox';
import { startTestDatabase, type TestDatabase } from '../../testing/database';
import { DEAD_LETTER_STREAM, EVENTS_STREAM, JetStreamBus, ensureStreams } from '../jetstream-bus';
import { DEFAULT_JETSTREAM_LIMITS, type JetStreamLimits } from '../stream-limits';
import { TestBroker } from './brokers';

const HOUR_NS = nanos(3_600_000);
/** The JetStream server's storage bound in the manifests (the streams reserve their max_bytes from it). */
const MANIFEST_CONFIG = resolve(__dirname, '../../../../infra/k8s/components/jetstream/jetstream.conf');
const objectId = () => new Types.ObjectId().toHexString();
const ticket = (): EventData<'ticket:created'> => ({
  id: objectId(),
  version: 0,
  title: 'a ticket of a bounded stream',
  price: 1000,
  userId: objectId(),
});

interface Listing {
  _id: Types.ObjectId;
  pendingEvents: PendingEvent[];
}
const listingSchema = new Schema<Listing>({});
listingSchema.plugin(outboxPlugin);
const Listing = mongoose.model<Listing>('BoundedListing', listingSchema);

const limits = (eventsBytes: number): JetStreamLimits => ({
  events: { maxAgeHours: 2, maxBytes: eventsBytes },
  deadLetters: { maxAgeHours: 5, maxBytes: 3 * 1024 * 1024 },
});

// The streams as the real server reports them, after the bus made them through its own code path.
describe('JetStream stream limits', () => {
  let broker: TestBroker;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const buses: JetStreamBus[] = [];
  const open = async (streamLimits: JetStreamLimits) => {
    const bus = await JetStreamBus.connect({ serviceName: 'limits-test', url: broker.url, streamLimits });
    buses.push(bus);
    return bus;
  };

  beforeEach(async () => {
    broker = await TestBroker.start('jetstream');
    nc = await connect({ servers: broker.url });
    jsm = await jetstreamManager(nc);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    await nc.close();
    await broker.stop();
  });

  it('when the bus makes the streams, then each has its own max_age and max_bytes and discards new', async () => {
    await open(limits(8 * 1024 * 1024));
    const events = await jsm.streams.info(EVENTS_STREAM);
    expect(events.config).toMatchObject({
      max_age: 2 * HOUR_NS,
      max_bytes: 8 * 1024 * 1024,
      discard: DiscardPolicy.New,
      storage: StorageType.File,
    });
    const letters = await jsm.streams.info(DEAD_LETTER_STREAM);
    expect(letters.config).toMatchObject({
      max_age: 5 * HOUR_NS,
      max_bytes: 3 * 1024 * 1024,
      discard: DiscardPolicy.New,
    });
  });

  it('when a stream exists with other limits, then the bus updates them and keeps its messages', async () => {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: [...subjects],
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
    });
    await (await open(limits(8 * 1024 * 1024))).publish('ticket:created', ticket());
    expect((await jsm.streams.info(EVENTS_STREAM)).config.max_bytes).toBe(8 * 1024 * 1024);

    await open(limits(16 * 1024 * 1024));
    const events = await jsm.streams.info(EVENTS_STREAM);
    expect(events.config).toMatchObject({
      max_age: 2 * HOUR_NS,
      max_bytes: 16 * 1024 * 1024,
      discard: DiscardPolicy.New,
    });
    expect(events.state.messages).toBe(1);
  });

  it('when the server is bounded as the manifests bound it, then the default limits fit and both streams are made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bounded-jetstream-'));
    const port = await freePort();
    const server = jetstreamServer(port, join(dir, 'data'), join(dir, 'broker.log'), {
      configFile: MANIFEST_CONFIG,
    });
    await server.start();
    const url = `nats://127.0.0.1:${port}`;
    const bounded = await connect({ servers: url });
    try {
      const boundedJsm = await jetstreamManager(bounded);
      await ensureStreams(boundedJsm, DEFAULT_JETSTREAM_LIMITS);
      expect((await boundedJsm.streams.info(EVENTS_STREAM)).config.max_bytes).toBe(
        DEFAULT_JETSTREAM_LIMITS.events.maxBytes,
      );
      expect((await boundedJsm.streams.info(DEAD_LETTER_STREAM)).config.max_bytes).toBe(
        DEFAULT_JETSTREAM_LIMITS.deadLetters.maxBytes,
      );
    } finally {
      await bounded.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('when the events stream is full', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await startTestDatabase();
    });
    afterAll(() => db.stop());

    it('then a publish is refused and the relay keeps the event in the outbox until there is room', async () => {
      const bus = await open(limits(4 * 1024));
      let stored = 0;
      // About a dozen events fill 4 KiB; a hundred stored would mean the limit is not there.
      await expect(
        (async () => {
          for (; stored < 100; stored += 1) await bus.publish('ticket:created', ticket());
        })(),
      ).rejects.toThrow(/maximum bytes exceeded/);
      expect(stored).toBeGreaterThan(0);
      // Nothing was dropped to make room: the stream still holds the first messages.
      expect((await jsm.streams.info(EVENTS_STREAM)).state).toMatchObject({ messages: stored, first_seq: 1 });

      const listing = await Listing.create({ pendingEvents: [outboxEvent('ticket:created', ticket())] });
      const relay = new OutboxRelay(bus, [Listing]);
      await expect(relay.flush()).resolves.toBe(0);
      expect((await Listing.findById(listing._id).lean())?.pendingEvents).toHaveLength(1);
      // What the outbox metrics (and the alert on an old outbox event) read.
      expect(await relay.backlog(Listing.collection.collectionName)).toMatchObject({ pendingDocuments: 1 });

      await jsm.streams.purge(EVENTS_STREAM);
      await expect(relay.flush()).resolves.toBe(1);
      expect((await Listing.findById(listing._id).lean())?.pendingEvents).toEqual([]);
      expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(1);
    });
  });
});
