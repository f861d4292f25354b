import { harness, listTicket, type Harness } from '../../test/harness';
import { objectId, orderCreated } from '../../test/order-events';
import { reservationOf, updatesOf } from '../../test/observe';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

describe('order:created listener', () => {
  it('when an order is created for a free ticket, then it is reserved, acked and ticket:updated v1 goes out', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await expect(h.bus.deliver('order:created', orderCreated(orderId, ticket.id))).resolves.toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId, sold: false, version: 1 });
    expect(await updatesOf(h, ticket.id)).toEqual([
      {
        id: ticket.id,
        version: 1,
        title: 'Concert',
        price: 2000,
        userId: ticket.userId,
        orderId,
        sold: false,
      },
    ]);
  });

  it('when the same order:created is delivered again, then it is acked with no second change or event', async () => {
    const ticket = await listTicket(h);
    const event = orderCreated(objectId(), ticket.id);
    await h.bus.deliver('order:created', event);
    await expect(h.bus.deliver('order:created', event, 2)).resolves.toBe('ack');
    expect((await reservationOf(ticket.id)).version).toBe(1);
    expect(await updatesOf(h, ticket.id)).toHaveLength(1);
  });

  it('when the ticket is unknown, then the message is not acked so it is retried', async () => {
    await expect(h.bus.deliver('order:created', orderCreated(objectId(), objectId()))).resolves.toBe('retry');
    expect(h.bus.deadLetters).toEqual([]);
  });

  it('when the ticket is still unknown after many deliveries, then it is still retried and never dead-lettered', async () => {
    await expect(h.bus.deliver('order:created', orderCreated(objectId(), objectId()), 20)).resolves.toBe(
      'retry',
    );
    expect(h.bus.deadLetters).toEqual([]);
  });

  it('when the payload is invalid, then it goes to dead letter and is acked without touching tickets', async () => {
    const ticket = await listTicket(h);
    const verdict = await h.bus.deliver('order:created', { id: 'nope', ticket: { id: ticket.id } });
    expect(verdict).toBe('ack');
    expect(h.bus.deadLetters).toEqual([expect.objectContaining({ subject: 'order:created' })]);
    expect(await reservationOf(ticket.id)).toEqual({ orderId: null, sold: false, version: 0 });
  });

  it('when the message is not even JSON, then it goes to dead letter and is acked', async () => {
    await expect(h.bus.deliverRaw('order:created', 'garbage')).resolves.toBe('ack');
    expect(h.bus.deadLetters[0]?.reason).toBe('payload is not JSON');
  });
});
