import { OrderStatus } from '@ticketing/common';
import { Order } from '../../../models/order';
import { Ticket } from '../../../models/ticket';
import { givenOrder, givenTicket, newId, startService, type TestService } from '../../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.relay.flush());

describe('ticket:updated', () => {
  it('when a newer version arrives, then the copy takes it and the message is acked', async () => {
    const ticket = await givenTicket({ version: 0 });
    const data = { ...ticket, version: 1, title: 'New title', price: 3000 };
    expect(await svc.bus.deliver('ticket:updated', data)).toBe('ack');
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({
      title: 'New title',
      price: 3000,
      version: 1,
    });
  });

  it('when a stale or duplicate version arrives, then it is acked and changes nothing', async () => {
    const ticket = await givenTicket({ version: 3, title: 'Current' });
    expect(await svc.bus.deliver('ticket:updated', { ...ticket, version: 2, title: 'Old' })).toBe('ack');
    expect(await svc.bus.deliver('ticket:updated', { ...ticket, version: 3, title: 'Same version' })).toBe(
      'ack',
    );
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({ title: 'Current', version: 3 });
  });

  it('when the update arrives before its create, then it lands', async () => {
    const data = { id: newId(), version: 2, title: 'Early', price: 1500, userId: newId() };
    expect(await svc.bus.deliver('ticket:updated', data)).toBe('ack');
    expect(await Ticket.findById(data.id).lean()).toMatchObject({ title: 'Early', version: 2 });
  });

  it('when a version is skipped, then the newer one still applies (no gap stalls the copy)', async () => {
    const ticket = await givenTicket({ version: 0 });
    expect(await svc.bus.deliver('ticket:updated', { ...ticket, version: 5, title: 'Later' })).toBe('ack');
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({ title: 'Later', version: 5 });
  });

  it('when it names a created order, then the order awaits payment at the price reserved, with one order:confirmed', async () => {
    const ticket = await givenTicket();
    const order = await givenOrder({ ticketId: ticket.id });
    const data = { ...ticket, version: 1, price: 4500, orderId: order.id as string };
    expect(await svc.bus.deliver('ticket:updated', data)).toBe('ack');
    expect(await Order.findById(order.id).lean()).toMatchObject({
      status: 'awaiting_payment',
      version: 1,
      ticket: { price: 4500 },
    });
    expect(await svc.bus.deliver('ticket:updated', data)).toBe('ack');
    expect((await Order.findById(order.id).lean())?.version).toBe(1);
    await svc.relay.flush();
    expect(svc.bus.publishedData('order:confirmed')).toEqual([
      {
        id: order.id,
        version: 1,
        status: 'awaiting_payment',
        userId: order.userId,
        expiresAt: order.expiresAt.toISOString(),
        price: 4500,
      },
    ]);
    expect(svc.bus.published).toHaveLength(1);
  });

  it('when the reservation event is stale for the copy, then the order is still confirmed', async () => {
    const ticket = await givenTicket({ version: 4 });
    const order = await givenOrder({ ticketId: ticket.id });
    expect(
      await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId: order.id as string }),
    ).toBe('ack');
    expect((await Order.findById(order.id).lean())?.status).toBe('awaiting_payment');
    expect((await Ticket.findById(ticket.id).lean())?.version).toBe(4);
  });

  it('when a reservation and then the sale arrive, then the copy is written once and ends at the sale', async () => {
    const ticket = await givenTicket({ version: 0 });
    const order = await givenOrder({ ticketId: ticket.id });
    const updateOne = jest.spyOn(Ticket, 'updateOne');
    try {
      const held = { ...ticket, orderId: order.id as string };
      expect(await svc.bus.deliver('ticket:updated', { ...held, version: 1 })).toBe('ack');
      expect(await svc.bus.deliver('ticket:updated', { ...held, version: 2, sold: true })).toBe('ack');
      expect(updateOne).toHaveBeenCalledTimes(1);
    } finally {
      updateOne.mockRestore();
    }
    expect((await Ticket.findById(ticket.id).lean())?.version).toBe(2);
  });

  it.each([OrderStatus.Cancelled, OrderStatus.Completed])(
    'when it names a %s order, then the order is left as it is',
    async (status) => {
      const ticket = await givenTicket();
      const order = await givenOrder({ ticketId: ticket.id, status, version: 2 });
      expect(
        await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId: order.id as string }),
      ).toBe('ack');
      expect(await Order.findById(order.id).lean()).toMatchObject({ status, version: 2 });
    },
  );

  it('when it names an unknown order, then it is acked and changes nothing', async () => {
    const ticket = await givenTicket();
    expect(await svc.bus.deliver('ticket:updated', { ...ticket, version: 1, orderId: newId() })).toBe('ack');
    expect((await Ticket.findById(ticket.id).lean())?.version).toBe(0);
    expect(await Order.countDocuments()).toBe(0);
  });

  it('when the payload is invalid, then it goes to dead letter', async () => {
    const ticket = await givenTicket();
    expect(await svc.bus.deliver('ticket:updated', { ...ticket, version: -1 })).toBe('ack');
    expect(svc.bus.deadLetters).toHaveLength(1);
    expect(svc.bus.deadLetters[0]?.subject).toBe('ticket:updated');
    expect((await Ticket.findById(ticket.id).lean())?.version).toBe(0);
  });
});
