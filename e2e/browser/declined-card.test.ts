import { browserHarness } from './support/browser';
import { eventually } from '../src/support/api';
import { buy, listTicketByApi, payWithTestCard, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const harness = browserHarness();

describe('a declined card', () => {
  it("when the buyer pays with a declined card, then the card's message is shown, the order is cancelled and the ticket is for sale again", async () => {
    const seller = await harness.visitor();
    const buyer = await harness.visitor();
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(buyer.context, uniqueEmail('buyer'));
    const title = `Declined card test ${Date.now()}`;
    const ticketId = await listTicketByApi(seller.context, title, 30);

    await eventually(() => buy(buyer.page, ticketId));
    await payWithTestCard(buyer.page, /Insufficient funds/);

    const alert = buyer.page.getByRole('alert').filter({ hasText: 'Payment declined' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/insufficient funds/i);
    await buyer.page.locator('.badge', { hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });
    expect(await buyer.page.getByRole('button', { name: /^Pay \$/ }).count()).toBe(0);
    await snap(buyer.page, 'order-declined');

    await eventually(async () => {
      await buyer.page.goto(`/tickets/${ticketId}`);
      await buyer.page.getByRole('button', { name: /^Buy for / }).waitFor({ timeout: 1000 });
    });
    expect(await buyer.page.locator('.badge').first().innerText()).toBe('For sale');

    expect(buyer.pageErrors).toEqual([]);
    await Promise.all([seller.context.close(), buyer.context.close()]);
  }, 90_000);
});
