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
    // The early cancel moved the hold sequence in one write (version 1) that consumers never hear of.
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
    await h.bus.deliver('order:created', orderCreated(a, ticket.id, 1));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id, 2));
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect(await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id, 1))).toBe('ack');
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect((await updatesOf(h, ticket.id)).map((e) => e.orderId)).toEqual([a, b]);
  });

  it("when A's create arrives after B took over and A was cancelled, then B keeps the ticket", async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id, 1));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id, 2));
    await h.bus.deliver('order:created', orderCreated(a, ticket.id, 1));
    // Two writes: A's cancel recorded, then B's hold; A's late create wrote nothing.
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: false, version: 2 });
    expect((await updatesOf(h, ticket.id)).map((e) => [e.orderId, e.version])).toEqual([[b, 2]]);
  });

  it("when B completes while A still looks like the holder, then B bought it and A's late events change nothing", async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(a, ticket.id, 1));
    await h.bus.deliver('order:completed', orderCompleted(b, ticket.id, 2));
    await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id, 1));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id, 2));
    expect(await reservationOf(ticket.id)).toEqual({ orderId: b, sold: true, version: 2 });
  });

  it('when a create or cancel for another order arrives after the sale, then nothing changes', async () => {
    const ticket = await listTicket(h);
    const [buyer, other] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(buyer, ticket.id, 2));
    await h.bus.deliver('order:completed', orderCompleted(buyer, ticket.id, 2));
    expect(await h.bus.deliver('order:created', orderCreated(other, ticket.id, 1))).toBe('ack');
    expect(await h.bus.deliver('order:cancelled', orderCancelled(other, ticket.id, 1))).toBe('ack');
    expect(await h.bus.deliver('order:cancelled', orderCancelled(buyer, ticket.id, 2))).toBe('ack');
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

/** Issue 25, defect 1: holds were ordered by arrival, so a late create of an older order took over. */
describe('holds ordered by orders, never by arrival', () => {
  it("when B's create comes back late after B was cancelled and A ordered and paid, then the ticket is sold to A", async () => {
    const ticket = await listTicket(h);
    const [b, a] = [objectId(), objectId()];
    // At orders: B ordered (hold 1) and was cancelled, then A ordered (hold 2) and paid. B's first delivery
    // failed and comes back after A's create.
    await h.bus.deliver('order:created', orderCreated(a, ticket.id, 2));
    await h.bus.deliver('order:created', orderCreated(b, ticket.id, 1));
    await h.bus.deliver('order:cancelled', orderCancelled(b, ticket.id, 1));
    await h.bus.deliver('order:completed', orderCompleted(a, ticket.id, 2));
    expect(await reservationOf(ticket.id)).toMatchObject({ orderId: a, sold: true });
  });

  it('when the create of a long-cancelled order arrives after 60 later holds, then it does not reserve the ticket', async () => {
    const ticket = await listTicket(h);
    const old = objectId();
    await h.bus.deliver('order:cancelled', orderCancelled(old, ticket.id, 1));
    for (let hold = 2; hold <= 61; hold += 1) {
      const orderId = objectId();
      await h.bus.deliver('order:created', orderCreated(orderId, ticket.id, hold));
      await h.bus.deliver('order:cancelled', orderCancelled(orderId, ticket.id, hold));
    }
    expect(await h.bus.deliver('order:created', orderCreated(old, ticket.id, 1))).toBe('ack');
    expect(await reservationOf(ticket.id)).toMatchObject({ orderId: null, sold: false });
  });

  it('when a cancel newer than the holder arrives before its own create, then the older holder is freed too', async () => {
    const ticket = await listTicket(h);
    const [a, b] = [objectId(), objectId()];
    await h.bus.deliver('order:created', orderCreated(a, ticket.id, 1));
    // B (hold 2) exists, so A was cancelled at orders; B's cancel arrives before A's cancel and B's create.
    await h.bus.deliver('order:cancelled', orderCancelled(b, ticket.id, 2));
    expect(await reservationOf(ticket.id)).toMatchObject({ orderId: null, sold: false });
    await h.bus.deliver('order:created', orderCreated(b, ticket.id, 2));
    await h.bus.deliver('order:cancelled', orderCancelled(a, ticket.id, 1));
    expect(await reservationOf(ticket.id)).toMatchObject({ orderId: null, sold: false });
    expect((await updatesOf(h, ticket.id)).map((e) => e.orderId ?? null)).toEqual([a, null]);
  });
});
