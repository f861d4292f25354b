import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { eventually } from './support/api';

/** The sandbox gateway's fault cards: the processor takes the payment but its answer is lost; or it is never reached. */
const ANSWER_LOST = 'pm_card_sandboxTimeout';
const UNREACHABLE = 'pm_card_sandboxUnreachable';

const reconciler = (graceMs: number) => ({
  payments: {
    RECONCILE_INTERVAL_MS: '300',
    RECONCILE_GRACE_MS: String(graceMs),
  },
});

describe('payments whose outcome was lost, settled by the reconciler (no webhook)', () => {
  describe('while the order is still open', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform('stan', {
        expirationWindowSeconds: 60,
        serviceEnv: reconciler(1_000),
      });
    });
    afterAll(() => platform.stop());

    it('when the processor took the payment but the answer timed out, then the buyer is told it is being confirmed and the order completes', async () => {
      const { ticket } = await platform.listTicket(30);
      const buyer = await platform.visitor().signUp('buyer');
      const order = await buy(buyer, ticket.id);
      const payment = await buyer.call('POST', '/api/payments', { orderId: order.id, token: ANSWER_LOST });
      expect(payment).toMatchObject({ status: 202, body: { orderId: order.id, status: 'pending' } });
      await platform.waitForOrder(buyer, order.id, 'completed');
      await platform.waitForTicket(ticket.id, (t) => t.sold);
      expect(await platform.charge(order.id)).toMatchObject({ status: 'completed' });
      expect((await platform.charge(order.id))?.stripeRefundId).toBeUndefined();
    });

    it('when the processor was never reached, then the charge fails, the order is cancelled and the ticket released', async () => {
      const { ticket } = await platform.listTicket(30);
      const buyer = await platform.visitor().signUp('buyer');
      const order = await buy(buyer, ticket.id);
      const payment = await buyer.call('POST', '/api/payments', { orderId: order.id, token: UNREACHABLE });
      expect(payment.status).toBe(202);
      await platform.waitForOrder(buyer, order.id, 'cancelled');
      await platform.waitForTicket(ticket.id, (t) => t.orderId === null && !t.sold);
      // Read by id, the intent was never confirmed: the reconciler cancelled it, so it can never charge.
      expect(await platform.charge(order.id)).toMatchObject({ status: 'failed' });
    });
  });

  describe('when the order lapses before the payment is confirmed', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      // The order lapses after 3 s; the reconciler only looks at charges older than 8 s.
      platform = await startTestPlatform('stan', {
        expirationWindowSeconds: 3,
        serviceEnv: reconciler(8_000),
      });
    });
    afterAll(() => platform.stop());

    it('then the payment the processor took is refunded and the order stays cancelled', async () => {
      const { ticket } = await platform.listTicket(30);
      const buyer = await platform.visitor().signUp('buyer');
      const order = await buy(buyer, ticket.id);
      const payment = await buyer.call('POST', '/api/payments', { orderId: order.id, token: ANSWER_LOST });
      expect(payment.status).toBe(202);
      await platform.waitForOrder(buyer, order.id, 'cancelled');
      await platform.waitForTicket(ticket.id, (t) => t.orderId === null && !t.sold);
      const charge = await eventually(async () => {
        const found = await platform.charge(order.id);
        if (!found?.stripeRefundId) throw new Error('not refunded yet');
        return found;
      });
      expect(charge.status).toBe('refunded');
      expect((await buyer.call('GET', `/api/orders/${order.id}`)).body).toMatchObject({
        status: 'cancelled',
      });
    });
  });
});
