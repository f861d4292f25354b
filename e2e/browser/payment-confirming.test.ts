import { browserHarness } from './support/browser';
import { eventually } from '../src/support/api';
import { buy, listTicketByApi, payWithTestCard, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

// The reconciler looks at unsettled charges after 3 s instead of 45 s.
const harness = browserHarness({
  serviceEnv: { payments: { RECONCILE_INTERVAL_MS: '300', RECONCILE_GRACE_MS: '3000' } },
});

describe('a payment whose outcome is confirmed later', () => {
  it('when the processor answer is lost, then the buyer is told the payment is being confirmed, then that it went through', async () => {
    const seller = await harness.visitor();
    const buyer = await harness.visitor();
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(buyer.context, uniqueEmail('buyer'));
    const ticketId = await listTicketByApi(seller.context, `Confirming test ${Date.now()}`, 30);

    await eventually(() => buy(buyer.page, ticketId));
    await payWithTestCard(buyer.page, /Processor timeout/);

    await buyer.page.getByRole('status').filter({ hasText: 'We are confirming your payment' }).waitFor();
    await snap(buyer.page, 'order-confirming');
    await buyer.page
      .getByRole('status')
      .filter({ hasText: 'Payment confirmed' })
      .waitFor({ timeout: 30_000 });
    await buyer.page.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    await snap(buyer.page, 'order-confirmed');

    expect(buyer.pageErrors).toEqual([]);
    await Promise.all([seller.context.close(), buyer.context.close()]);
  }, 90_000);
});
