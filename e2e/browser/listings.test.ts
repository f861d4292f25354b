import { browserHarness } from './support/browser';
import { eventually } from '../src/support/api';
import { listTicketByApi, orderByApi, payByApi, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const harness = browserHarness();

describe("the seller's listings", () => {
  it('when a seller has a ticket for sale, one reserved and one sold, then /listings shows each under its heading and the sold one offers no edit form', async () => {
    const seller = await harness.visitor();
    const buyer = await harness.visitor();
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(buyer.context, uniqueEmail('buyer'));
    const stamp = Date.now();
    const titles = {
      forSale: `Still for sale ${stamp}`,
      reserved: `Being paid ${stamp}`,
      sold: `Sold out ${stamp}`,
    };
    await listTicketByApi(seller.context, titles.forSale, 20);
    const reservedId = await listTicketByApi(seller.context, titles.reserved, 30);
    const soldId = await listTicketByApi(seller.context, titles.sold, 40);

    await eventually(() => orderByApi(buyer.context, reservedId));
    const soldOrder = await eventually(() => orderByApi(buyer.context, soldId));
    await eventually(() => payByApi(buyer.context, soldOrder));

    const groups = [
      { heading: /^For sale/, title: titles.forSale },
      { heading: /^Reserved/, title: titles.reserved },
      { heading: /^Sold/, title: titles.sold },
    ];
    await eventually(async () => {
      await seller.page.goto('/listings');
      for (const { heading, title } of groups) {
        const group = seller.page.getByRole('region', { name: heading });
        await group.getByRole('link', { name: title }).waitFor({ timeout: 1000 });
      }
    }, 30_000);
    await snap(seller.page, 'listings');

    await seller.page.goto(`/tickets/${soldId}`);
    await seller.page.getByRole('heading', { name: 'Sold', exact: true }).waitFor();
    expect(await seller.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await snap(seller.page, 'ticket-sold-owner');

    expect(seller.pageErrors).toEqual([]);
    await Promise.all([seller.context.close(), buyer.context.close()]);
  }, 90_000);
});
