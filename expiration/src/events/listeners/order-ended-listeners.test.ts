import { FakeBus } from '@ticketing/common/testing';
import { orderCreated, orderEnded, sleep } from '../../test/events';
import { redisUrl, useTestQueues } from '../../test/queues';
import { TcpProxy } from '../../test/tcp-proxy';
import { processExpirations } from '../../queues/expiration-processor';
import type { ExpirationQueue } from '../../queues/expiration-queue';
import { OrderCancelledListener } from './order-cancelled-listener';
import { OrderCompletedListener } from './order-completed-listener';
import { OrderCreatedListener } from './order-created-listener';

const queues = useTestQueues();

// order:cancelled and order:completed end an order the same way for this service: no lapse any more.
describe.each([
  ['order:cancelled', OrderCancelledListener],
  ['order:completed', OrderCompletedListener],
] as const)('%s listener', (subject, EndedListener) => {
  async function setup(redis = redisUrl()) {
    const expirations: ExpirationQueue = queues.open({ redisUrl: redis });
    const bus = new FakeBus('expiration-service');
    await new OrderCreatedListener(bus, expirations).listen();
    await new EndedListener(bus, expirations).listen();
    return { expirations, bus };
  }

  it('when the order ends before it lapses, then its job is removed and nothing is published', async () => {
    const { expirations, bus } = await setup();
    processExpirations(expirations, bus);
    const order = orderCreated(400);
    expect(await bus.deliver('order:created', order)).toBe('ack');

    expect(await bus.deliver(subject, orderEnded(order))).toBe('ack');
    expect(await expirations.queue.getJob(order.id)).toBeNull();

    await sleep(800);
    expect(bus.publishedData('expiration:complete')).toEqual([]);
  });

  it('when the order has no job (already lapsed, or the end arrived first), then the event is acked', async () => {
    const { bus } = await setup();

    expect(await bus.deliver(subject, orderEnded(orderCreated(60_000)))).toBe('ack');
  });

  it('when the end is delivered twice, then both are acked', async () => {
    const { expirations, bus } = await setup();
    const order = orderCreated(60_000);
    await bus.deliver('order:created', order);

    expect(await bus.deliver(subject, orderEnded(order))).toBe('ack');
    expect(await bus.deliver(subject, orderEnded(order), 2)).toBe('ack');
    expect(await expirations.queue.getJobCounts()).toMatchObject({ delayed: 0, waiting: 0 });
  });

  describe('when Redis is unreachable', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await TcpProxy.start(redisUrl());
    });
    afterEach(() => proxy.cut());

    it('then the event is not acked, and its redelivery removes the job once Redis is back', async () => {
      const { expirations, bus } = await setup(proxy.url);
      const order = orderCreated(60_000);
      expect(await bus.deliver('order:created', order)).toBe('ack');

      await proxy.cut();
      expect(await bus.deliver(subject, orderEnded(order))).toBe('retry');

      await proxy.restore();
      expect(await bus.deliver(subject, orderEnded(order), 2)).toBe('ack');
      expect(await expirations.queue.getJob(order.id)).toBeNull();
    });
  });
});
