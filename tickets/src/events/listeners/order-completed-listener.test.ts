import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { harness, listTicket, type Harness } from '../../test/harness';
import { objectId, orderCancelled, orderCompleted, orderCreated } from '../../test/order-events';
import { reservationOf, updatesOf } from '../../test/observe';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

describe('order:completed listener', () => {
  it('when the order holding the ticket completes, then the ticket is sold to it, acked, with ticket:updated v2', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await expect(h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id))).resolves.toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId, sold: true, version: 2 });
    expect((await updatesOf(h, ticket.id)).at(-1)).toEqual({
      id: ticket.id,
      version: 2,
      title: 'Concert',
      price: 2000,
      userId: ticket.userId,
      orderId,
      sold: true,
    });
    const listed = await request(h.app).get('/api/tickets').expect(200);
    expect(listed.body).toEqual([]);
  });

  it('when the same completion is delivered twice, then the second is acked and changes nothing', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id));
    await expect(h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id), 2)).resolves.toBe(
      'ack',
    );
    expect((await reservationOf(ticket.id)).version).toBe(2);
    expect(await updatesOf(h, ticket.id)).toHaveLength(2);
  });

  it('when a completion names an order that was already cancelled, then it is acked and ignored', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    await h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id));
    await expect(h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id))).resolves.toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: null, sold: false, version: 2 });
  });

  it('when the ticket is unknown, then the message is not acked', async () => {
    await expect(h.bus.deliver('order:completed', orderCompleted(objectId(), objectId()))).resolves.toBe(
      'retry',
    );
  });

  it('when the payload is invalid, then it goes to dead letter and is acked', async () => {
    await expect(h.bus.deliver('order:completed', { id: objectId(), ticket: {} })).resolves.toBe('ack');
    expect(h.bus.deadLetters).toEqual([expect.objectContaining({ subject: 'order:completed' })]);
  });

  it('when the sale is applied, then the ticket shows when the order completed, and a late duplicate keeps that time', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    await h.bus.deliver('order:created', orderCreated(orderId, ticket.id));
    const completion = (occurredAt: string) =>
      JSON.stringify({
        id: randomUUID(),
        subject: 'order:completed',
        data: orderCompleted(orderId, ticket.id),
        correlationId: randomUUID(),
        occurredAt,
      });
    const paidAt = '2030-05-01T12:34:56.789Z';
    await expect(h.bus.deliverRaw('order:completed', completion(paidAt))).resolves.toBe('ack');
    await h.bus.deliverRaw('order:completed', completion('2030-05-02T00:00:00.000Z'));
    const shown = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(shown.body).toMatchObject({ sold: true, soldAt: paidAt, price: 20 });
  });

  it('when a ticket is only reserved, then it has no sale time', async () => {
    const ticket = await listTicket(h);
    await h.bus.deliver('order:created', orderCreated(objectId(), ticket.id));
    const shown = await request(h.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(shown.body).toMatchObject({ sold: false, soldAt: null });
  });
});
