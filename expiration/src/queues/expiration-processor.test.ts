import { FakeBus, metricValue } from '@ticketing/common/testing';
import { objectId, sleep, waitFor } from '../test/events';
import { jobKeys, redisUrl, useTestQueues } from '../test/queues';
import { TcpProxy } from '../test/tcp-proxy';
import { expirationMessageId, processExpirations } from './expiration-processor';
import type { ExpirationQueue } from './expiration-queue';

const queues = useTestQueues();

function start(options: Parameters<typeof queues.open>[0] = {}) {
  const expirations = queues.open(options);
  const bus = new FakeBus();
  processExpirations(expirations, bus);
  return { expirations, bus };
}

/** Schedules an order lapsing `inMs` from now and returns its id and expiresAt. */
async function scheduleIn(expirations: ExpirationQueue, inMs: number, correlationId = 'corr') {
  const orderId = objectId();
  const expiresAt = new Date(Date.now() + inMs);
  await expirations.schedule(orderId, expiresAt, correlationId);
  return { orderId, expiresAt };
}

const published = (bus: FakeBus) => bus.published.filter((e) => e.subject === 'expiration:complete');

describe('expiration processor', () => {
  it('when a job falls due, then expiration:complete is published once, not before expiresAt', async () => {
    const { expirations, bus } = start();
    const { orderId, expiresAt } = await scheduleIn(expirations, 500, 'corr-1');

    await sleep(250);
    expect(published(bus)).toHaveLength(0);
    await waitFor('the expiration', () => published(bus).length > 0);
    await sleep(300);

    const [envelope, ...others] = published(bus);
    expect(others).toHaveLength(0);
    expect(envelope?.data).toEqual({ orderId });
    expect(envelope?.id).toBe(expirationMessageId(orderId));
    expect(envelope?.correlationId).toBe('corr-1');
    expect(Date.parse(envelope!.occurredAt)).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it('when a job is published, then its lateness past expiresAt is observed', async () => {
    const { expirations, bus } = start();
    const LATENESS = 'ticketing_expiration_lateness_seconds';
    const [count, sum] = [await metricValue(`${LATENESS}_count`), await metricValue(`${LATENESS}_sum`)];
    const overdue = await scheduleIn(expirations, -3_000);

    await waitFor('the expiration', () => published(bus).length > 0);

    expect(bus.publishedData('expiration:complete')).toEqual([{ orderId: overdue.orderId }]);
    expect(await metricValue(`${LATENESS}_count`)).toBe(count + 1);
    // Overdue by 3 s when scheduled: at least that late, and not much more on an idle queue.
    const observed = (await metricValue(`${LATENESS}_sum`)) - sum;
    expect(observed).toBeGreaterThanOrEqual(3);
    expect(observed).toBeLessThan(13);
  });

  it('when jobs fall due at different times, then each is published in its own turn', async () => {
    const { expirations, bus } = start();
    const late = await scheduleIn(expirations, 800);
    const early = await scheduleIn(expirations, 300);

    await waitFor('both expirations', () => published(bus).length === 2);
    expect(bus.publishedData('expiration:complete')).toEqual([
      { orderId: early.orderId },
      { orderId: late.orderId },
    ]);
  });

  it('when an order is already overdue, then it is lapsed at once', async () => {
    const { expirations, bus } = start();
    const { orderId } = await scheduleIn(expirations, -60_000);

    await waitFor('the expiration', () => published(bus).length > 0, 2_000);
    expect(bus.publishedData('expiration:complete')).toEqual([{ orderId }]);
  });

  it('when a job completes, then nothing of it stays in Redis', async () => {
    const { expirations, bus } = start();
    const { orderId } = await scheduleIn(expirations, 300);
    await waitFor('the expiration', () => published(bus).length > 0);

    await waitFor('the job to be removed', async () => (await jobKeys(queues.prefix, orderId)).length === 0);
    expect(await expirations.queue.getJob(orderId)).toBeNull();
    expect(await expirations.queue.getJobCounts()).toMatchObject({ completed: 0, active: 0, delayed: 0 });
  });

  it('when the publish fails, then the job is retried and published once the bus is back', async () => {
    const { expirations, bus } = start({ backoffMs: 100 });
    bus.failPublishWith = new Error('broker down');
    const { orderId } = await scheduleIn(expirations, 300);

    await waitFor('two failed attempts', async () => {
      const job = await expirations.queue.getJob(orderId);
      return (job?.attemptsMade ?? 0) >= 2;
    });
    expect(published(bus)).toHaveLength(0);
    bus.failPublishWith = undefined;

    await waitFor('the expiration', () => published(bus).length > 0);
    await waitFor('the job to be removed', async () => (await expirations.queue.getJob(orderId)) === null);
    expect(bus.publishedData('expiration:complete')).toEqual([{ orderId }]);
  });

  it('when every attempt fails, then the job is kept as failed with its reason, up to a bound', async () => {
    const { expirations, bus } = start({ attempts: 2, backoffMs: 50, keepFailed: 2 });
    bus.failPublishWith = new Error('broker down');
    const orders = await Promise.all([1, 2, 3].map(() => scheduleIn(expirations, 0)));

    await waitFor('all attempts of every job', async () => {
      const jobs = await Promise.all(orders.map((o) => expirations.queue.getJob(o.orderId)));
      return jobs.every((job) => job === null || job.finishedOn !== undefined);
    });
    const failed = await expirations.queue.getFailed();
    expect(failed).toHaveLength(2);
    expect(failed.map((job) => job.failedReason)).toEqual(['broker down', 'broker down']);
    expect(failed.map((job) => job.attemptsMade)).toEqual([2, 2]);
  });

  it('when the service was down as a job fell due, then the job runs as soon as it starts again', async () => {
    const first = start();
    const { orderId, expiresAt } = await scheduleIn(first.expirations, 300);
    await first.expirations.stopProcessing();
    await first.expirations.close();

    await sleep(600);
    expect(published(first.bus)).toHaveLength(0);
    const second = start();

    await waitFor('the expiration after the restart', () => published(second.bus).length > 0);
    expect(second.bus.publishedData('expiration:complete')).toEqual([{ orderId }]);
    expect(Date.parse(published(second.bus)[0]!.occurredAt)).toBeGreaterThan(expiresAt.getTime());
  });

  describe('when the Redis connections drop', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await TcpProxy.start(redisUrl());
    });
    afterEach(() => proxy.cut());

    it('then the queue reconnects and a pending job still fires, once', async () => {
      const { expirations, bus } = start({ redisUrl: proxy.url });
      const { orderId } = await scheduleIn(expirations, 1_500);

      await proxy.cut();
      await sleep(800);
      await proxy.restore();

      await waitFor('the expiration after the outage', () => published(bus).length > 0, 15_000);
      await sleep(300);
      expect(bus.publishedData('expiration:complete')).toEqual([{ orderId }]);
    });
  });
});
