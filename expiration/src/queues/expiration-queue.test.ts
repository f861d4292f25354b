import { TcpProxy } from '../test/tcp-proxy';
import { jobKeys, redisUrl, useTestQueues } from '../test/queues';
import { objectId, waitFor } from '../test/events';

const queues = useTestQueues();
const inMs = (ms: number) => new Date(Date.now() + ms);

describe('ExpirationQueue', () => {
  it('when an order is scheduled twice, then Redis holds one delayed job keyed by the order id', async () => {
    const expirations = queues.open();
    const orderId = objectId();
    await expirations.schedule(orderId, inMs(60_000), 'first');
    await expirations.schedule(orderId, inMs(120_000), 'second');

    const counts = await expirations.queue.getJobCounts();
    expect(counts).toMatchObject({ delayed: 1, waiting: 0 });
    const job = await expirations.queue.getJob(orderId);
    expect(job?.data.correlationId).toBe('first');
    expect(job?.opts.delay).toBeGreaterThan(59_000);
  });

  it('when an order is already overdue, then its job waits to run at once instead of being delayed', async () => {
    const expirations = queues.open();
    await expirations.schedule(objectId(), inMs(-5_000), 'overdue');

    expect(await expirations.queue.getJobCounts()).toMatchObject({ delayed: 0, waiting: 1 });
  });

  it('when a delayed job is cancelled, then it and its keys are gone', async () => {
    const expirations = queues.open();
    const orderId = objectId();
    await expirations.schedule(orderId, inMs(60_000), 'c');

    await expect(expirations.cancel(orderId)).resolves.toBe('removed');
    expect(await expirations.queue.getJob(orderId)).toBeNull();
    expect(await jobKeys(queues.prefix, orderId)).toEqual([]);
  });

  it('when an order has no job, then cancelling it is a no-op', async () => {
    await expect(queues.open().cancel(objectId())).resolves.toBe('absent');
  });

  it('when the job is running, then cancel leaves it alone and says so', async () => {
    const expirations = queues.open();
    const orderId = objectId();
    let release!: () => void;
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    void expirations.queue.process(async () => {
      started = true;
      await running;
    });
    await expirations.schedule(orderId, inMs(0), 'r');
    await waitFor('the job to start', () => started);

    await expect(expirations.cancel(orderId)).resolves.toBe('running');
    expect(await expirations.queue.getJob(orderId)).not.toBeNull();
    release();
  });

  describe('when Redis is unreachable', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await TcpProxy.start(redisUrl());
    });
    afterEach(() => proxy.cut());

    it('then scheduling rejects instead of hanging, and readiness is false until Redis is back', async () => {
      const expirations = queues.open({ redisUrl: proxy.url });
      await expirations.queue.client.ping();
      expect(await expirations.isRedisReady()).toBe(true);

      await proxy.cut();
      await expect(expirations.schedule(objectId(), inMs(60_000), 'u')).rejects.toThrow();
      expect(await expirations.isRedisReady()).toBe(false);

      await proxy.restore();
      await expirations.queue.client.ping();
      expect(await expirations.isRedisReady()).toBe(true);
    });
  });
});
