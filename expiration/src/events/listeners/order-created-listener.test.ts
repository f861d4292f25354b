import { OrderStatus } from '@ticketing/common';
import { FakeBus } from '@ticketing/common/testing';
import { orderCreated, sleep, waitFor } from '../../test/events';
import { redisUrl, useTestQueues } from '../../test/queues';
import { TcpProxy } from '../../test/tcp-proxy';
import { processExpirations } from '../../queues/expiration-processor';
import { OrderCreatedListener } from './order-created-listener';

const queues = useTestQueues();

async function setup(redis = redisUrl()) {
  const expirations = queues.open({ redisUrl: redis });
  const bus = new FakeBus('expiration-service');
  await new OrderCreatedListener(bus, expirations).listen();
  return { expirations, bus };
}

describe('OrderCreatedListener', () => {
  it('when an order is created, then the ack comes once its job is stored, and it lapses at expiresAt', async () => {
    const { expirations, bus } = await setup();
    const order = orderCreated(500);

    await expect(bus.deliver('order:created', order)).resolves.toBe('ack');
    const job = await expirations.queue.getJob(order.id);
    expect(job?.data).toMatchObject({ orderId: order.id, expiresAt: order.expiresAt });
    expect(await job?.isDelayed()).toBe(true);

    processExpirations(expirations, bus);
    await waitFor('the expiration', () => bus.publishedData('expiration:complete').length > 0);
    const [envelope] = bus.published;
    expect(envelope?.data).toEqual({ orderId: order.id });
    expect(Date.parse(envelope!.occurredAt)).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
  });

  it('when order:created is delivered again, then there is still one job and one expiration', async () => {
    const { expirations, bus } = await setup();
    const order = orderCreated(400);

    expect(await bus.deliver('order:created', order)).toBe('ack');
    expect(await bus.deliver('order:created', order, 2)).toBe('ack');
    expect(await expirations.queue.getJobCounts()).toMatchObject({ delayed: 1, waiting: 0 });

    processExpirations(expirations, bus);
    await waitFor('the expiration', () => bus.publishedData('expiration:complete').length > 0);
    await sleep(400);
    expect(bus.publishedData('expiration:complete')).toEqual([{ orderId: order.id }]);
  });

  it('when the order is already overdue, then it is lapsed at once', async () => {
    const { expirations, bus } = await setup();
    processExpirations(expirations, bus);
    const order = orderCreated(-30_000);

    expect(await bus.deliver('order:created', order)).toBe('ack');
    await waitFor('the expiration', () => bus.publishedData('expiration:complete').length > 0, 2_000);
    expect(bus.publishedData('expiration:complete')).toEqual([{ orderId: order.id }]);
  });

  it('when the order is announced already final, then nothing is scheduled and the event is acked', async () => {
    const { expirations, bus } = await setup();

    const order = { ...orderCreated(60_000), status: OrderStatus.Completed };
    expect(await bus.deliver('order:created', order)).toBe('ack');
    expect(await expirations.queue.getJob(order.id)).toBeNull();
  });

  it('when the payload is malformed, then it goes to dead letter without a job', async () => {
    const { expirations, bus } = await setup();

    const order = { ...orderCreated(60_000), expiresAt: 'soon' };
    expect(await bus.deliver('order:created', order)).toBe('ack');
    expect(bus.deadLetters).toHaveLength(1);
    expect(await expirations.queue.getJobCounts()).toMatchObject({ delayed: 0, waiting: 0 });
  });

  describe('when Redis is unreachable', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await TcpProxy.start(redisUrl());
    });
    afterEach(() => proxy.cut());

    it('then the event is not acked, and its redelivery schedules the job once Redis is back', async () => {
      const { expirations, bus } = await setup(proxy.url);
      await expirations.queue.client.ping();
      const order = orderCreated(60_000);

      await proxy.cut();
      expect(await bus.deliver('order:created', order)).toBe('retry');

      await proxy.restore();
      expect(await bus.deliver('order:created', order, 2)).toBe('ack');
      expect((await expirations.queue.getJob(order.id))?.data.orderId).toBe(order.id);
    });
  });
});
