import { browserHarness } from './support/browser';
import { eventually } from '../src/support/api';
import { buy, listTicketByApi, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const harness = browserHarness();

describe('a ticket locked by another buyer', () => {
  it('when one buyer has reserved a ticket, then a second browser sees it reserved without a Buy button and the seller sees it being bought, with no edit form', async () => {
    const seller = await harness.visitor();
    const first = await harness.visitor();
    const second = await harness.visitor();
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(first.context, uniqueEmail('first'));
    await signUpByApi(second.context, uniqueEmail('second'));
    const ticketId = await listTicketByApi(seller.context, `Locked ticket test ${Date.now()}`, 75);

    await eventually(() => buy(first.page, ticketId));

    await eventually(async () => {
      await second.page.goto(`/tickets/${ticketId}`);
      await second.page.locator('.badge', { hasText: 'Reserved' }).waitFor({ timeout: 1000 });
    });
    expect(await second.page.getByRole('button', { name: /^Buy for / }).count()).toBe(0);
    expect(await second.page.getByText('another buyer is paying').count()).toBe(1);
    await snap(second.page, 'ticket-reserved');

    // The tickets service refuses to edit a reserved ticket, so its seller sees the state, not a form.
    await seller.page.goto(`/tickets/${ticketId}`);
    await seller.page.getByRole('heading', { name: 'Reserved — being bought' }).waitFor();
    expect(await seller.page.getByRole('form', { name: 'Edit ticket' }).count()).toBe(0);
    expect(await seller.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await snap(seller.page, 'ticket-reserved-owner');

    for (const visitor of [seller, first, second]) expect(visitor.pageErrors).toEqual([]);
    await Promise.all([seller.context.close(), first.context.close(), second.context.close()]);
  }, 90_000);
});
