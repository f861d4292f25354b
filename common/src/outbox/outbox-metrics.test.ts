import mongoose, { Schema } from 'mongoose';
import { FakeBus } from '../bus/fake-bus';
import { metricsRegistry } from '../metrics/registry';
import { metricValue } from '../testing/metrics';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { OutboxRelay, outboxEvent, outboxPlugin, type PendingEvent } from './outbox';

interface Gadget {
  _id: mongoose.Types.ObjectId;
  pendingEvents: PendingEvent[];
}
const gadgetSchema = new Schema<Gadget>({});
gadgetSchema.plugin(outboxPlugin);
const Gadget = mongoose.model<Gadget>('Gadget', gadgetSchema);
const id = () => new mongoose.Types.ObjectId().toHexString();

const event = (occurredAt = new Date()): PendingEvent => ({
  ...outboxEvent('ticket:updated', { id: id(), version: 1, title: 'A', price: 1000, userId: id() }),
  occurredAt,
});
const collection = { collection: 'gadgets' };
const pending = () => metricValue('ticketing_outbox_pending_documents', collection);
const oldestAge = () => metricValue('ticketing_outbox_oldest_pending_age_seconds', collection);

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(() => db.stop());
beforeEach(() => db.clear());

describe('outbox metrics', () => {
  it('when events wait in the outbox, then the gauges show the documents and the age of the oldest', async () => {
    const relay = new OutboxRelay(new FakeBus(), [Gadget]);
    await Gadget.create({ pendingEvents: [event(new Date(Date.now() - 5_000))] });
    await Gadget.create({ pendingEvents: [event(new Date(Date.now() - 65_000)), event()] });
    await Gadget.create({ pendingEvents: [] });

    await metricsRegistry.metrics();
    expect(await pending()).toBe(2);
    expect(await oldestAge()).toBeGreaterThanOrEqual(65);
    expect(await oldestAge()).toBeLessThan(75);
    await relay.stop();
  });

  it('when the relay has published everything, then the gauges fall to zero', async () => {
    const relay = new OutboxRelay(new FakeBus(), [Gadget]);
    await Gadget.create({ pendingEvents: [event(new Date(Date.now() - 30_000))] });
    await metricsRegistry.metrics();
    expect(await pending()).toBe(1);

    await relay.flush();

    await metricsRegistry.metrics();
    expect(await pending()).toBe(0);
    expect(await oldestAge()).toBe(0);
    await relay.stop();
  });

  it('when the broker refuses, then the backlog stays and its age grows', async () => {
    const bus = new FakeBus();
    bus.failPublishWith = new Error('broker down');
    const relay = new OutboxRelay(bus, [Gadget]);
    await Gadget.create({ pendingEvents: [event(new Date(Date.now() - 2_000))] });
    await relay.flush();

    await metricsRegistry.metrics();
    const first = await oldestAge();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await metricsRegistry.metrics();

    expect(await pending()).toBe(1);
    expect(await oldestAge()).toBeGreaterThan(first);
    await relay.stop();
  });

  it('when no relay publishes a collection any more, then the scrape shows nothing for it', async () => {
    const relay = new OutboxRelay(new FakeBus(), [Gadget]);
    await Gadget.create({ pendingEvents: [event()] });
    await relay.stop();

    const scrape = await metricsRegistry.metrics();

    expect(scrape).not.toContain('collection="gadgets"');
  });
});
