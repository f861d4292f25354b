import { harness, listTicket, type Harness } from '../../test/harness';
import { objectId, orderCancelled, orderCreated } from '../../test/order-events';
import { reservationOf, updatesOf } from '../../test/observe';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

async function reserved() {
  const ticket = await listTicket(h);
  const orderId = objectId();
  await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
  return { ticket, orderId };
}

describe('order:cancelled listener', () => {
  it('when the order holding the ticket is cancelled, then the ticket is free again, acked, with ticket:updated v2', async () => {
    const { ticket, orderId } = await reserved();
    await expect(h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id))).resolves.toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: null, sold: false, version: 2 });
    const updates = await updatesOf(h, ticket.id);
    expect(updates.map((e) => [e.version, e.orderId])).toEqual([
      [1, orderId],
      [2, null],
    ]);
  });

  it('when the same cancel is delivered twice, then the second is acked and changes nothing', async () => {
    const { ticket, orderId } = await reserved();
    await h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id));
    await expect(h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id), 2)).resolves.toBe(
      'ack',
    );
    expect((await reservationOf(ticket.id)).version).toBe(2);
    expect(await updatesOf(h, ticket.id)).toHaveLength(2);
  });

  it('when a cancelled order no longer holds the ticket, then its cancel changes nothing', async () => {
    const { ticket, orderId: first } = await reserved();
    await h.bus.deliver('order:cancelled', orderCancelled(first, ticket.id));
    const second = objectId();
    await h.bus.deliver('order:created', orderCreated(second, ticket.id, 2));
    await expect(h.bus.deliver('order:cancelled', orderCancelled(first, ticket.id), 2)).resolves.toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: second, sold: false, version: 3 });
    expect(await updatesOf(h, ticket.id)).toHaveLength(3);
  });

  it('when the ticket is unknown, then the message is not acked', async () => {
    await expect(h.bus.deliver('order:cancelled', orderCancelled(objectId(), objectId()))).resolves.toBe(
      'retry',
    );
  });

  it('when the payload is invalid, then it goes to dead letter and is acked', async () => {
    await expect(h.bus.deliver('order:cancelled', { id: objectId() })).resolves.toBe('ack');
    expect(h.bus.deadLetters).toEqual([expect.objectContaining({ subject: 'order:cancelled' })]);
  });
});
