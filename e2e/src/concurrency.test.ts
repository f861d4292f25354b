import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { eventually, type OrderJson, type Visitor } from './support/api';

// The concurrency rules of the design, with real parallel requests through the gateway.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('jetstream');
});
afterAll(() => platform.stop());

async function buyers(count: number): Promise<Visitor[]> {
  return Promise.all(Array.from({ length: count }, () => platform.visitor().signUp('buyer')));
}

describe('concurrency rules', () => {
  it('when 20 buyers order one ticket at the same moment, then exactly one wins and one live order holds it', async () => {
    const { seller, ticket } = await platform.listTicket();
    await platform.untilSellable(seller, ticket.id);
    const crowd = await buyers(20);
    const answers = await Promise.all(
      crowd.map((b) => b.call<OrderJson>('POST', '/api/orders', { ticketId: ticket.id })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(19).fill(400)]);
    const winner = answers.find((a) => a.status === 201)!.body;
    await platform.waitForTicket(ticket.id, (t) => t.orderId === winner.id);
    const live = await Promise.all(crowd.map((b) => b.call<OrderJson[]>('GET', '/api/orders')));
    expect(live.flatMap((l) => l.body).filter((o) => o.status !== 'cancelled')).toHaveLength(1);
  });

  it('when one order is paid 5 times at the same moment, then it is charged once and completes', async () => {
    const { ticket } = await platform.listTicket();
    const [buyer] = await buyers(1);
    const order = await buy(buyer!, ticket.id);
    await platform.waitForOrder(buyer!, order.id, 'awaiting_payment');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        buyer!.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400, 400, 400]);
    await platform.waitForOrder(buyer!, order.id, 'completed');
  });

  it('when a buyer cancels while paying, then the order ends in exactly one consistent final state', async () => {
    const { ticket } = await platform.listTicket();
    const [buyer] = await buyers(1);
    const order = await buy(buyer!, ticket.id);
    await platform.waitForOrder(buyer!, order.id, 'awaiting_payment');
    const [payment, cancel] = await Promise.all([
      buyer!.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' }),
      buyer!.call('DELETE', `/api/orders/${order.id}`),
    ]);
    if (cancel.status === 204) {
      await platform.waitForOrder(buyer!, order.id, 'cancelled');
      await platform.waitForTicket(ticket.id, (t) => t.orderId === null && !t.sold);
      if (payment.status === 201) {
        // The card went through before the cancel reached payments: the charge is refunded, never kept.
        const charge = await eventually(async () => {
          const found = await platform.charge(order.id);
          if (!found?.stripeRefundId) throw new Error('not refunded yet');
          return found;
        });
        expect(charge.status).toBe('refunded');
      } else {
        expect(payment.status).toBe(400);
      }
    } else {
      expect(cancel.status).toBe(400);
      expect(payment.status).toBe(201);
      await platform.waitForOrder(buyer!, order.id, 'completed');
      await platform.waitForTicket(ticket.id, (t) => t.sold);
    }
  });

  it('when a completed order is cancelled, then it stays completed', async () => {
    const { ticket } = await platform.listTicket();
    const [buyer] = await buyers(1);
    const order = await buy(buyer!, ticket.id);
    await platform.waitForOrder(buyer!, order.id, 'awaiting_payment');
    expect(
      (await buyer!.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(201);
    await platform.waitForOrder(buyer!, order.id, 'completed');
    expect(await buyer!.call('DELETE', `/api/orders/${order.id}`)).toMatchObject({ status: 400 });
    expect((await buyer!.call<OrderJson>('GET', `/api/orders/${order.id}`)).body.status).toBe('completed');
  });
});
