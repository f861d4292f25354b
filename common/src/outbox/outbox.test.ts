import mongoose, { Schema } from 'mongoose';
import { FakeBus } from '../bus/fake-bus';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { changeVersioned } from '../db/versioned';
import { OutboxRelay, outboxEvent, outboxPlugin, type PendingEvent } from './outbox';

interface Thing {
  _id: mongoose.Types.ObjectId;
  name: string;
  version: number;
  pendingEvents: PendingEvent[];
}
const thingSchema = new Schema<Thing>({ name: String, version: Number });
thingSchema.plugin(outboxPlugin);
const Thing = mongoose.model<Thing>('Thing', thingSchema);
const id = () => new mongoose.Types.ObjectId().toHexString();

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());
beforeEach(() => db.clear());

function ticketEvent(ticketId: string, version: number) {
  return outboxEvent('ticket:updated', { id: ticketId, version, title: 'A', price: 1000, userId: id() });
}

describe('OutboxRelay', () => {
  it('when a document holds pending events, then they are published in order and removed', async () => {
    const bus = new FakeBus();
    const ticketId = id();
    await Thing.create({
      name: 'a',
      version: 2,
      pendingEvents: [ticketEvent(ticketId, 1), ticketEvent(ticketId, 2)],
    });
    const relay = new OutboxRelay(bus, [Thing]);
    await expect(relay.flush()).resolves.toBe(2);
    expect(bus.publishedData('ticket:updated').map((e) => e.version)).toEqual([1, 2]);
    expect((await Thing.findOne().lean())?.pendingEvents).toEqual([]);
    await expect(relay.flush()).resolves.toBe(0);
  });

  it('when the broker is down, then events stay pending and go out once it is back', async () => {
    const bus = new FakeBus();
    bus.failPublishWith = new Error('broker down');
    await Thing.create({ name: 'b', version: 1, pendingEvents: [ticketEvent(id(), 1)] });
    const relay = new OutboxRelay(bus, [Thing]);
    await expect(relay.flush()).resolves.toBe(0);
    expect((await Thing.findOne().lean())?.pendingEvents).toHaveLength(1);
    bus.failPublishWith = undefined;
    await expect(relay.flush()).resolves.toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('when the service writes the document while the relay removes published events, then neither change is lost', async () => {
    const bus = new FakeBus();
    const ticketId = id();
    const thing = await Thing.create({ name: 'c', version: 1, pendingEvents: [ticketEvent(ticketId, 1)] });
    const relay = new OutboxRelay(bus, [Thing]);
    const writes = Array.from({ length: 10 }, (_, n) =>
      changeVersioned(Thing, thing._id, (_current, next) => ({
        result: n,
        set: {},
        events: [ticketEvent(ticketId, next)],
      })),
    );
    await Promise.all(writes);
    while ((await relay.flush()) > 0);
    const final = await Thing.findById(thing._id).lean();
    expect(final?.version).toBe(11);
    expect(final?.pendingEvents).toEqual([]);
    expect(new Set(bus.publishedData('ticket:updated').map((e) => e.version))).toEqual(
      new Set(Array.from({ length: 11 }, (_, n) => n + 1)),
    );
  });

  it('when a write announces the document it left events in, then they go out without a flush', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const thing = await Thing.create({ name: 'd', version: 1, pendingEvents: [] });
    await changeVersioned(Thing, thing._id, (_current, next) => ({
      result: undefined,
      events: [ticketEvent(id(), next)],
    }));
    await waitUntil(() => bus.published.length === 1);
    await waitUntil(async () => ((await Thing.findById(thing._id).lean())?.pendingEvents ?? []).length === 0);
    await relay.stop();
  });

  it('when a write gives the events it added, then the relay publishes them without reading the document', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const thing = await Thing.create({ name: 'd2', version: 1, pendingEvents: [] });
    const find = jest.spyOn(Thing.collection, 'find');
    try {
      await changeVersioned(Thing, thing._id, (_current, next) => ({
        result: undefined,
        events: [ticketEvent(id(), next)],
      }));
      await waitUntil(() => bus.published.length === 1);
      await waitUntil(
        async () => ((await Thing.findById(thing._id).lean())?.pendingEvents ?? []).length === 0,
      );
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
      await relay.stop();
    }
  });

  it('when a document is written twice before the relay ran, then the events of both writes go out in order', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const ticketId = id();
    const thing = await Thing.create({ name: 'd3', version: 0, pendingEvents: [] });
    const first = ticketEvent(ticketId, 1);
    const second = ticketEvent(ticketId, 2);
    await Thing.updateOne({ _id: thing._id }, { $push: { pendingEvents: { $each: [first, second] } } });
    relay.kick(thing._id, [first]);
    relay.kick(thing._id, [second]);
    await waitUntil(() => bus.published.length === 2);
    expect(bus.publishedData('ticket:updated').map((e) => e.version)).toEqual([1, 2]);
    await relay.stop();
  });

  it('when a write is announced while a sweep that read it is running, then its events go out once', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const event = ticketEvent(id(), 1);
    const thing = await Thing.create({ name: 'd4', version: 1, pendingEvents: [event] });
    relay.kick();
    relay.kick(thing._id, [event]);
    await waitUntil(async () => ((await Thing.findById(thing._id).lean())?.pendingEvents ?? []).length === 0);
    await relay.flush();
    expect(bus.published).toHaveLength(1);
    await relay.stop();
  });

  // The schedule of the duplicate: the write commits its event; a sweep reads, publishes and removes it; only then
  // does the writer announce the events its write added.
  it('when a write is announced after a sweep already published and removed its events, then they are not published again', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const event = ticketEvent(id(), 1);
    const thing = await Thing.create({ name: 'd5', version: 1, pendingEvents: [event] });
    await expect(relay.flush()).resolves.toBe(1);
    relay.kick(thing._id, [event]);
    await relay.flush();
    expect(bus.published).toHaveLength(1);
    expect((await Thing.findById(thing._id).lean())?.pendingEvents).toEqual([]);
    await relay.stop();
  });

  it('when many documents are announced at once, then their events go out and are removed in a few batched writes', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 60_000 });
    const things = await Thing.insertMany(
      Array.from({ length: 20 }, (_, n) => ({
        name: `t${n}`,
        version: 1,
        pendingEvents: [ticketEvent(id(), 1)],
      })),
    );
    const updateMany = jest.spyOn(Thing.collection, 'updateMany');
    const updateOne = jest.spyOn(Thing.collection, 'updateOne');
    for (const thing of things) relay.kick(thing._id);
    await waitUntil(() => bus.published.length === 20);
    await waitUntil(async () => (await Thing.countDocuments({ 'pendingEvents.0': { $exists: true } })) === 0);
    expect(updateMany.mock.calls.length).toBeLessThanOrEqual(2);
    expect(updateOne).not.toHaveBeenCalled();
    updateMany.mockRestore();
    updateOne.mockRestore();
    await relay.stop();
  });

  it('when a write was never kicked (a crash right after it), then the periodic sweep publishes it', async () => {
    const bus = new FakeBus();
    const relay = new OutboxRelay(bus, [Thing], { intervalMs: 100 });
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Thing.create({ name: 'e', version: 1, pendingEvents: [ticketEvent(id(), 1)] });
    await waitUntil(() => bus.published.length === 1);
    await relay.stop();
  });

  it('rejects an event whose data breaks its contract when it is written, not when it is published', () => {
    expect(() =>
      outboxEvent('order:cancelled', {
        id: 'nope',
        version: 1,
        userId: id(),
        ticket: { id: id() },
        holdSequence: 1,
      }),
    ).toThrow();
  });
});
