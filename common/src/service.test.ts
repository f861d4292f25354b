import express from 'express';
import mongoose, { Schema } from 'mongoose';
import { FakeBus } from './bus/fake-bus';
import { OutboxRelay, outboxEvent, outboxPlugin, type PendingEvent } from './outbox/outbox';
import { createApp } from './http/create-app';
import { shutdownSteps, startBackground, type Worker } from './service';
import { TEST_SESSION_KEYS } from './testing/session';
import { startTestDatabase, type TestDatabase } from './testing/database';

interface Item {
  _id: mongoose.Types.ObjectId;
  version: number;
  pendingEvents: PendingEvent[];
}
const itemSchema = new Schema<Item>({ version: Number });
itemSchema.plugin(outboxPlugin);
const Item = mongoose.model<Item>('ShutdownItem', itemSchema);

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());

const objectId = () => new mongoose.Types.ObjectId().toHexString();

/** A document holding an event, written without waking the relay: as if the process stopped right after. */
const itemWithPendingEvent = () =>
  Item.create({
    version: 1,
    pendingEvents: [
      outboxEvent('ticket:created', {
        id: objectId(),
        version: 0,
        title: 'T',
        price: 100,
        userId: objectId(),
      }),
    ],
  });

describe('shutdownSteps', () => {
  it('when a service stops with events still in its outbox, then they are published before the bus closes, in the order that loses nothing', async () => {
    const calls: string[] = [];
    const bus = new FakeBus();
    const original = { stopConsuming: bus.stopConsuming.bind(bus), close: bus.close.bind(bus) };
    bus.stopConsuming = async () => {
      calls.push('stop consuming');
      await original.stopConsuming();
    };
    bus.close = async () => {
      calls.push('close bus');
      await original.close();
    };
    const relay = new OutboxRelay(bus, [Item], { intervalMs: 60_000 });
    await itemWithPendingEvent();
    const worker: Worker = { start: () => undefined, stop: async () => void calls.push('stop worker') };

    const steps = shutdownSteps({
      app: express(),
      port: 0,
      bus,
      relay,
      workers: [worker],
      resources: [async () => void calls.push('close database')],
    });
    for (const step of steps) await step();

    expect(bus.publishedData('ticket:created')).toHaveLength(1);
    expect(await Item.countDocuments({ 'pendingEvents.0': { $exists: true } })).toBe(0);
    expect(calls).toEqual(['stop worker', 'stop consuming', 'close bus', 'close database']);
  });

  it('when the bus is already gone, then shutdown still ends and the events stay for the next start', async () => {
    const bus = new FakeBus();
    bus.failPublishWith = new Error('broker down');
    const relay = new OutboxRelay(bus, [Item], { intervalMs: 60_000 });
    await Item.deleteMany({});
    await itemWithPendingEvent();
    for (const step of shutdownSteps({ app: express(), port: 0, bus, relay })) await step();
    expect(await Item.countDocuments({ 'pendingEvents.0': { $exists: true } })).toBe(1);
  });
});

describe('startBackground', () => {
  it('when a service starts while its database check fails, then its listeners subscribe paused and the bus takes messages once the check passes', async () => {
    const bus = new FakeBus();
    let databaseUp = false;
    const app = createApp({
      sessionKeys: TEST_SESSION_KEYS,
      routers: [],
      readiness: { database: () => databaseUp },
    });
    const handled: string[] = [];
    const listener = {
      listen: () =>
        bus.subscribe('expiration:complete', async (data) => {
          handled.push(data.orderId);
        }),
    };

    const workers = await startBackground({ app, port: 0, bus, listeners: [listener] });
    try {
      expect(bus.paused).toBe(true);
      databaseUp = true;
      // The gate looks again every second, by itself.
      while (bus.paused) await new Promise((resolve) => setTimeout(resolve, 50));
      const orderId = objectId();
      expect(await bus.deliver('expiration:complete', { orderId })).toBe('ack');
      expect(handled).toEqual([orderId]);
    } finally {
      for (const worker of workers) await worker.stop();
    }
  });

  it('when a service has no bus or no readiness check, then nothing gates and its workers start as given', async () => {
    const worker: Worker = { start: jest.fn(), stop: async () => undefined };
    const workers = await startBackground({ app: express(), port: 0, bus: new FakeBus(), workers: [worker] });
    expect(workers).toEqual([worker]);
    expect(worker.start).toHaveBeenCalledTimes(1);
  });
});
