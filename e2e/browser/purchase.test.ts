import type { Page } from 'playwright-core';
import { browserHarness, type Visitor } from './support/browser';
import { eventually } from '../src/support/api';
import { buy, listTicket, payWithTestCard, signUpThroughForm, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const FLOW_TIMEOUT_MS = 120_000;

const harness = browserHarness();
const visitors: Visitor[] = [];

async function visitor(): Promise<Visitor> {
  const created = await harness.visitor();
  visitors.push(created);
  return created;
}

async function timeLeft(page: Page): Promise<number> {
  const [minutes, seconds] = (await page.getByRole('timer').innerText()).split(':').map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}

describe('buying a ticket in the browser', () => {
  it(
    'when a seller lists a ticket and a buyer pays with the test card, then the order completes and the ticket leaves the list',
    async () => {
      const seller = await visitor();
      const buyer = await visitor();
      const title = `Browser test concert ${Date.now()}`;

      await seller.page.goto('/');
      await snap(seller.page, 'home-signed-out');
      await signUpThroughForm(seller.page, uniqueEmail('seller'));
      await seller.page.goto('/tickets/new');
      await snap(seller.page, 'sell');
      const ticketId = await listTicket(seller.page, title, '42.5');
      await expectText(seller.page, 'main', '$42.50');
      await snap(seller.page, 'ticket-owner');

      await signUpThroughForm(buyer.page, uniqueEmail('buyer'));
      await eventually(async () => {
        await buyer.page.goto('/');
        await buyer.page.getByRole('link', { name: title }).waitFor({ timeout: 1000 });
      });
      await snap(buyer.page, 'home');
      await buyer.page.goto(`/tickets/${ticketId}`);
      await snap(buyer.page, 'ticket-buyer');

      const orderId = await buy(buyer.page, ticketId);
      const first = await timeLeft(buyer.page);
      expect(first).toBeGreaterThan(0);
      await eventually(async () => expect(await timeLeft(buyer.page)).toBeLessThan(first), 5000, 250);
      await snap(buyer.page, 'order-open');

      await payWithTestCard(buyer.page, /Visa/);
      await buyer.page.getByText('Payment received').waitFor();
      await buyer.page.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
      await snap(buyer.page, 'order-paid');

      await buyer.page.goto('/orders');
      const row = buyer.page.getByRole('listitem').filter({ hasText: title });
      await expectText(buyer.page, `a[href="/orders/${orderId}"]`, title);
      expect(await row.locator('.badge').innerText()).toBe('Completed');
      await snap(buyer.page, 'orders');

      await buyer.page.goto('/');
      expect(await buyer.page.getByRole('link', { name: title }).count()).toBe(0);

      for (const { pageErrors } of visitors) expect(pageErrors).toEqual([]);
    },
    FLOW_TIMEOUT_MS,
  );
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  expect(await page.locator(selector).first().innerText()).toContain(text);
}
