import { harness, listTicket, type Harness } from '../../test/harness';
import { objectId, orderCancelled, orderCompleted, orderCreated } from '../../test/order-events';
import { reservationOf, updatesOf } from '../../test/observe';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

/** Order events arrive late, early and twice; each sequence must end where the orders service ended. */
describe('order events in any arrival order', () => {
  it('when a cancel arrives before its create, then the late create is ignored and the ticket stays for sale', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    expect(await h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id))).toBe('ack');
    expect(await h.bus.deliver('order:created', orderCreated(orderId, ticket.id))).toBe('ack');
    // The early cancel's tombstone is one write (version 1) that consumers never hear of.
    expect(await reservationOf(ticket.id)).toEqual({ orderId: null, sold: false, version: 1 });
    expect(await updatesOf(h, ticket.id)).toEqual([]);
  });

  it('when completed arrives before created, then the ticket is sold and the late create changes nothing', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    expect(await h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id))).toBe('ack');
    expect(await h.bus.deliver('order:created', orderCreated(orderId, ticket.id))).toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId, sold: true, version: 1 });
    expect((await updatesOf(h, ticket.id)).map((e) => [e.version, e.sold])).toEqual([[1, true]]);
  });

  it("when order B is created before order A is cancelled, then B holds it and A's late cancel changes nothing", async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(a, ticket.id));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id));
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect(await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id))).toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect((await updatesOf(h, ticket.id)).map((e) => e.orderId)).toEqual([a, b]);
  });

  it("when A's create arrives after B took over and A was cancelled, then B keeps the ticket", async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id));
    await h.bus.deliver('order:created', orderCreated(a, ticket.id));
    // Two writes: A's tombstone, then B's hold; A's late create wrote nothing.
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect((await updatesOf(h, ticket.id)).map((e) => [e.orderId, e.version])).toEqual([[b, 2]]);
  });

  it("when B completes while A still looks like the holder, then B bought it and A's late events change nothing", async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(a, ticket.id));
    await h.bus.deliver('order:completed', orderCompleted(b, ticket.id));
    await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id));
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: true, version: 2 });
  });

  it('when a create or cancel for another order arrives after the sale, then nothing changes', async () => {
    const ticket = await listTicket(h);
    const [buyer, other] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(buyer, ticket.id));
    await h.bus.deliver('order:completed', orderCompleted(buyer, ticket.id));
    expect(await h.bus.deliver('order:created', orderCreated(other, ticket.id))).toBe('ack');
    expect(await h.bus.deliver('order:cancelled', orderCancelled(other, ticket.id))).toBe('ack');
    expect(await h.bus.deliver('order:cancelled', orderCancelled(buyer, ticket.id))).toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: buyer, sold: true, version: 2 });
    expect(await updatesOf(h, ticket.id)).toHaveLength(2);
  });

  it('when every event of one order is delivered twice and at once, then the outcome is as if each came once', async () => {
    const ticket = await listTicket(h);
    const orderId = objectId();
    const created = orderCreated(orderId, ticket.id);
    const verdicts = await Promise.all([
      h.bus.deliver('order:created', created),
      h.bus.deliver('order:created', created),
      h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id)),
      h.bus.deliver('order:completed', orderCompleted(orderId, ticket.id)),
    ]);
    expect(verdicts).toEqual(['ack', 'ack', 'ack', 'ack']);
    const final = await reservationOf(ticket.id);
    expect(final).toMatchObject({ orderId, sold: true });
    const versions = (await updatesOf(h, ticket.id)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: final.version }, (_, n) => n + 1));
  });
});
