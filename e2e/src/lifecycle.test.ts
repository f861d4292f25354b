import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { eventually, type OrderJson, type TicketJson } from './support/api';

// The order lifecycle of the design, end to end, on both transports, with a short order window.
describe.each(['stan', 'jetstream'] as const)('order lifecycle on %s', (transport) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(transport, { expirationWindowSeconds: 4, sweepIntervalMs: 60_000 });
  });
  afterAll(() => platform.stop());

  it('when a buyer pays, then the order completes, the ticket is sold and gone from the list', async () => {
    const { seller, ticket } = await platform.listTicket(42);
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    await platform.waitForOrder(buyer, order.id, 'awaiting_payment');
    expect((await seller.call('PUT', `/api/tickets/${ticket.id}`, { title: 'x', price: 1 })).body).toEqual({
      errors: [{ message: 'Cannot edit a reserved ticket' }],
    });
    const payment = await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' });
    expect(payment).toMatchObject({ status: 201, body: { orderId: order.id, status: 'completed' } });
    await platform.waitForOrder(buyer, order.id, 'completed');
    await platform.waitForTicket(ticket.id, (t) => t.sold);
    const list = await platform.visitor().call<TicketJson[]>('GET', '/api/tickets?limit=100');
    expect(list.body.map((t) => t.id)).not.toContain(ticket.id);
    const again = await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' });
    expect(again).toMatchObject({ status: 400 });
    const late = await platform.visitor().signUp();
    expect((await late.call('POST', '/api/orders', { ticketId: ticket.id })).status).toBe(400);
  });

  it('when a buyer cancels, then the ticket is released and another buyer can take it', async () => {
    const { ticket } = await platform.listTicket();
    const first = await platform.visitor().signUp('buyer');
    const order = await buy(first, ticket.id);
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    expect((await first.call('DELETE', `/api/orders/${order.id}`)).status).toBe(204);
    await platform.waitForTicket(ticket.id, (t) => t.orderId === null);
    const second = await platform.visitor().signUp('buyer');
    expect((await buy(second, ticket.id)).status).toBe('created');
  });

  it('when the window lapses unpaid, then the order is cancelled by the expiration service and the ticket released', async () => {
    const { ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    const cancelled = await platform.waitForOrder(buyer, order.id, 'cancelled');
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(cancelled.expiresAt).getTime());
    await platform.waitForTicket(ticket.id, (t) => t.orderId === null && !t.sold);
    expect(
      (await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(400);
  });

  it('when the card is declined, then the buyer gets 402, the order is cancelled and the ticket released', async () => {
    const { ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    const declined = await buyer.call('POST', '/api/payments', {
      orderId: order.id,
      token: 'pm_card_chargeDeclined',
    });
    expect(declined).toMatchObject({
      status: 402,
      body: { errors: [{ message: 'Your card was declined.' }] },
    });
    await platform.waitForOrder(buyer, order.id, 'cancelled');
    await platform.waitForTicket(ticket.id, (t) => t.orderId === null);
  });

  it('when a lapsed order is followed by a new buyer, then the late lapse never releases the new hold', async () => {
    const { ticket } = await platform.listTicket();
    const first = await platform.visitor().signUp('buyer');
    const lapsed = await buy(first, ticket.id);
    await platform.waitForOrder(first, lapsed.id, 'cancelled');
    const second = await platform.visitor().signUp('buyer');
    const order = await buy(second, ticket.id);
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    expect((await first.call('DELETE', `/api/orders/${lapsed.id}`)).status).toBe(204);
    expect(
      (await second.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(201);
    await platform.waitForTicket(ticket.id, (t) => t.sold && t.orderId === order.id);
    const history = await eventually(async () => {
      const { body } = await second.call<OrderJson[]>('GET', '/api/orders');
      if (body[0]?.status !== 'completed') throw new Error('not completed yet');
      return body;
    });
    expect(history.map((o) => o.status)).toEqual(['completed']);
  });
});
