import { Order } from '../../../models/order';
import { newId, orderCancelled, orderConfirmed, orderCreated, startService } from '../../../test/harness';

const replica = (id: string) => Order.findById(id).lean();

describe('order replica listeners', () => {
  it('when order:created arrives, then the replica holds buyer, unconfirmed price in cents, status created, expiry and version', async () => {
    const { bus } = await startService();
    const data = orderCreated({ version: 0, ticket: { id: newId(), price: 1999 } });
    await expect(bus.deliver('order:created', data)).resolves.toBe('ack');
    expect(await replica(data.id)).toEqual({
      _id: expect.anything(),
      userId: data.userId,
      status: 'created',
      price: 1999,
      expiresAt: new Date(data.expiresAt),
      version: 0,
    });
  });

  it('when order:confirmed follows order:created, then the replica awaits payment at the confirmed price', async () => {
    const { bus } = await startService();
    const created = orderCreated({ version: 0, ticket: { id: newId(), price: 1000 } });
    await bus.deliver('order:created', created);
    await expect(bus.deliver('order:confirmed', orderConfirmed(created, { price: 10_000 }))).resolves.toBe(
      'ack',
    );
    expect(await replica(created.id)).toMatchObject({
      status: 'awaiting_payment',
      price: 10_000,
      version: 1,
    });
  });

  it('when order:confirmed arrives before order:created, then it lands and the late create changes nothing', async () => {
    const { bus } = await startService();
    const created = orderCreated({ version: 0, ticket: { id: newId(), price: 1000 } });
    await expect(bus.deliver('order:confirmed', orderConfirmed(created, { price: 10_000 }))).resolves.toBe(
      'ack',
    );
    await expect(bus.deliver('order:created', created)).resolves.toBe('ack');
    expect(await replica(created.id)).toMatchObject({
      userId: created.userId,
      status: 'awaiting_payment',
      price: 10_000,
      expiresAt: new Date(created.expiresAt),
      version: 1,
    });
  });

  it('when an order:created says awaiting_payment, then the replica still waits for the confirmation', async () => {
    const { bus } = await startService();
    const created = orderCreated({ status: 'awaiting_payment' });
    await bus.deliver('order:created', created);
    expect((await replica(created.id))?.status).toBe('created');
  });

  it('when the same order:created is delivered twice, then the second changes nothing and is acked', async () => {
    const { bus } = await startService();
    const data = orderCreated();
    await bus.deliver('order:created', data);
    const before = await replica(data.id);
    await expect(bus.deliver('order:created', data, 2)).resolves.toBe('ack');
    expect(await replica(data.id)).toEqual(before);
    expect(await Order.countDocuments()).toBe(1);
  });

  it('when a newer order:created arrives, then it is applied', async () => {
    const { bus } = await startService();
    const first = orderCreated({ version: 0 });
    await bus.deliver('order:created', first);
    await bus.deliver('order:created', { ...first, status: 'cancelled', version: 1 });
    expect(await replica(first.id)).toMatchObject({ status: 'cancelled', version: 1 });
  });

  it('when a stale event arrives after a newer one, then it is acked and ignored', async () => {
    const { bus } = await startService();
    const created = orderCreated({ version: 0 });
    await bus.deliver('order:cancelled', orderCancelled(created, 1));
    await expect(bus.deliver('order:created', created)).resolves.toBe('ack');
    expect(await replica(created.id)).toMatchObject({ status: 'cancelled', version: 1 });
  });

  it('when order:cancelled arrives before order:created, then the cancel lands and the late create is ignored', async () => {
    const { bus } = await startService();
    const created = orderCreated({ version: 0 });
    await expect(bus.deliver('order:cancelled', orderCancelled(created, 1))).resolves.toBe('ack');
    const started = await replica(created.id);
    expect(started).toMatchObject({ userId: created.userId, status: 'cancelled', version: 1 });
    expect(started?.price).toBeUndefined();
    await expect(bus.deliver('order:created', created)).resolves.toBe('ack');
    expect(await replica(created.id)).toEqual(started);
  });

  it('when order:completed arrives, then the replica is completed and keeps its price', async () => {
    const { bus } = await startService();
    const created = orderCreated({ version: 0 });
    await bus.deliver('order:created', created);
    const completed = {
      id: created.id,
      version: 1,
      userId: created.userId,
      ticket: { id: created.ticket.id },
      holdSequence: 1,
    };
    await expect(bus.deliver('order:completed', completed)).resolves.toBe('ack');
    expect(await replica(created.id)).toMatchObject({
      status: 'completed',
      version: 1,
      price: created.ticket.price,
    });
  });

  it('when events of one order arrive at once and out of order, then the replica ends at the newest', async () => {
    const { bus } = await startService();
    const created = orderCreated({ status: 'created', version: 0 });
    const verdicts = await Promise.all([
      bus.deliver('order:cancelled', orderCancelled(created, 2)),
      bus.deliver('order:confirmed', orderConfirmed(created)),
      bus.deliver('order:created', created),
    ]);
    expect(verdicts).toEqual(['ack', 'ack', 'ack']);
    expect(await replica(created.id)).toMatchObject({ status: 'cancelled', version: 2 });
  });

  it('when a message breaks its contract, then it goes to dead letter and the replica is untouched', async () => {
    const { bus } = await startService();
    await expect(bus.deliver('order:created', { id: 'nope', version: 0 })).resolves.toBe('ack');
    await expect(bus.deliverRaw('order:cancelled', 'garbage')).resolves.toBe('ack');
    expect(bus.deadLetters.map((letter) => letter.subject)).toEqual(['order:created', 'order:cancelled']);
    expect(await Order.countDocuments()).toBe(0);
  });
});
