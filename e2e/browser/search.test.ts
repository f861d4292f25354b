import type { Page } from 'playwright-core';
import { browserHarness, type Visitor } from './support/browser';
import { eventually } from '../src/support/api';
import { listTicketByApi, orderByApi, payByApi, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const harness = browserHarness();
const visitors: Visitor[] = [];

async function visitor(javaScript = true): Promise<Visitor> {
  const created = await harness.visitor({ javaScript });
  visitors.push(created);
  return created;
}

/** A word no other test lists, so the searches here see only this file's tickets. */
const token = `zq${Date.now().toString(36)}`;
/** 30 matches: more than one page of the home page's 24. Prices $10..$39, all different. */
const MATCHES = 30;
const matchTitle = (n: number) => `Café Tacuba ${token} #${n}`;

let listed = false;

/** Lists the matches and a few near misses once per file; resolves once the list shows the last of them. */
async function listTickets(): Promise<void> {
  if (listed) return;
  listed = true;
  const seller = await visitor();
  await signUpByApi(seller.context, uniqueEmail('seller'));
  for (let n = 0; n < MATCHES; n += 1) await listTicketByApi(seller.context, matchTitle(n), 10 + n);
  // One word of the two only.
  await listTicketByApi(seller.context, `Tacuba ${token} unplugged`, 25);
  await listTicketByApi(seller.context, 'Café Tacuba elsewhere', 25);
  await seller.context.close();
}

interface Card {
  title: string;
  price: number;
}

/** The ticket cards on the page, in order. */
async function cards(page: Page): Promise<Card[]> {
  const items = page.locator('.ticket-card');
  const found: Card[] = [];
  for (let n = 0; n < (await items.count()); n += 1) {
    const title = await items.nth(n).locator('.ticket-card__title').innerText();
    const price = Number((await items.nth(n).locator('.price').innerText()).replace(/[$,]/g, ''));
    found.push({ title, price });
  }
  return found;
}

const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

async function search(page: Page, fields: { q?: string; from?: string; to?: string; sort?: string }) {
  if (fields.q !== undefined) await page.getByLabel('Search', { exact: true }).fill(fields.q);
  if (fields.from !== undefined) await page.getByLabel('From').fill(fields.from);
  if (fields.to !== undefined) await page.getByLabel('To').fill(fields.to);
  if (fields.sort !== undefined) await page.getByLabel('Sort').selectOption({ label: fields.sort });
  const before = page.url();
  await page.getByRole('button', { name: 'Search' }).click();
  // The form's URL carries its blank fields; the page then moves to the tidy one.
  await page.waitForURL((url) => url.href !== before && tidy(url));
  await page.getByRole('heading', { level: 1, name: 'Tickets for sale' }).waitFor();
}

const tidy = (url: URL) =>
  [...url.searchParams].every(([name, value]) => value !== '' && !(name === 'sort' && value === 'newest'));

const descending = (prices: number[]) => prices.every((price, n) => n === 0 || prices[n - 1]! >= price);
const ascending = (prices: number[]) => prices.every((price, n) => n === 0 || prices[n - 1]! <= price);

describe('searching tickets in the browser', () => {
  beforeAll(listTickets, 120_000);

  it('when a buyer searches without accents, sorts by price and pages, then every match comes once, in order, and the search stays in the URL', async () => {
    const { page, pageErrors } = await visitor();
    await page.goto('/');
    await search(page, { q: `CAFE ${token}`, sort: 'Price: high to low' });
    // The blank price fields are not part of the URL.
    expect(params(page)).toEqual({ q: `CAFE ${token}`, sort: 'price_desc' });
    const first = await cards(page);
    expect(first).toHaveLength(24);
    expect(first.every(({ title }) => title.startsWith('Café Tacuba ') && title.includes(token))).toBe(true);
    expect(first[0]).toEqual({ title: matchTitle(MATCHES - 1), price: 10 + MATCHES - 1 });
    expect(descending(first.map((card) => card.price))).toBe(true);
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe(`CAFE ${token}`);
    await snap(page, 'search-results');

    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.waitForURL(/cursor=/);
    expect(params(page)).toEqual({ q: `CAFE ${token}`, sort: 'price_desc', cursor: expect.any(String) });
    const second = await cards(page);
    expect(second).toHaveLength(MATCHES - 24);
    const all = [...first, ...second];
    expect(new Set(all.map((card) => card.title)).size).toBe(MATCHES);
    expect(descending(all.map((card) => card.price))).toBe(true);
    expect(await page.getByRole('link', { name: 'Next page →' }).count()).toBe(0);
    // The form still shows the search on the second page.
    expect(await page.getByLabel('Sort').inputValue()).toBe('price_desc');

    await page.getByRole('link', { name: '← First page' }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    expect(params(page)).toEqual({ q: `CAFE ${token}`, sort: 'price_desc' });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('when a price range is added to a search, then only prices within it, bounds included, are shown', async () => {
    const { page, pageErrors } = await visitor();
    await page.goto(`/?q=${encodeURIComponent(`tacuba ${token}`)}`);
    await search(page, { from: '15', to: '20', sort: 'Price: low to high' });
    expect(params(page)).toEqual({ q: `tacuba ${token}`, minPrice: '15', maxPrice: '20', sort: 'price_asc' });
    const found = await cards(page);
    expect(found.map((card) => card.price)).toEqual([15, 16, 17, 18, 19, 20]);
    expect(ascending(found.map((card) => card.price))).toBe(true);
    await snap(page, 'search-price-range');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('when nothing matches, then the page says so and clearing the search shows every ticket again', async () => {
    const { page, pageErrors } = await visitor();
    await page.goto('/');
    await search(page, { q: `${token} nowhere` });
    await page.getByText('No tickets for sale match your search.').waitFor();
    await snap(page, 'search-empty');
    await page.getByRole('link', { name: 'Clear the search' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.search === '');
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe('');
    expect((await cards(page)).length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('when JavaScript is off, then the GET form searches, sorts and pages with the search kept in the URL', async () => {
    const { page } = await visitor(false);
    await page.goto('/');
    await search(page, { q: `café ${token}`, sort: 'Price: low to high' });
    // The server tidied the URL the form produced (?q=...&minPrice=&maxPrice=&sort=price_asc).
    expect(params(page)).toEqual({ q: `café ${token}`, sort: 'price_asc' });
    const first = await cards(page);
    expect(first.map((card) => card.price)).toEqual(Array.from({ length: 24 }, (_, n) => 10 + n));
    await snap(page, 'search-results-nojs');
    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.waitForURL(/cursor=/);
    expect(params(page)).toMatchObject({ q: `café ${token}`, sort: 'price_asc' });
    expect((await cards(page)).map((card) => card.price)).toEqual([34, 35, 36, 37, 38, 39]);

    await search(page, { from: '1', to: '0.5' });
    await page.getByText('The highest price must not be below the lowest').waitFor();
    expect(await page.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    await snap(page, 'search-error-nojs');
  }, 120_000);
});

describe('times on the order history and the listings', () => {
  it('when a buyer has an open and a paid order, then the history shows when each was placed and the open one counts down (a deadline without JavaScript); the seller sees when the paid one sold and for how much', async () => {
    const seller = await visitor();
    const buyer = await visitor();
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(buyer.context, uniqueEmail('buyer'));
    const openTitle = `Open order ${token}`;
    const paidTitle = `Paid order ${token}`;
    const openId = await listTicketByApi(seller.context, openTitle, 12);
    const paidId = await listTicketByApi(seller.context, paidTitle, 42.5);
    await eventually(() => orderByApi(buyer.context, openId));
    const paid = await eventually(() => orderByApi(buyer.context, paidId));
    await eventually(() => payByApi(buyer.context, paid));

    await eventually(async () => {
      await buyer.page.goto('/orders');
      await buyer.page.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 1000 });
    }, 30_000);
    const openRow = buyer.page.getByRole('listitem').filter({ hasText: openTitle });
    const paidRow = buyer.page.getByRole('listitem').filter({ hasText: paidTitle });
    // The countdown replaces the server-rendered deadline once the page's JavaScript runs: wait for it.
    await openRow.getByRole('timer').waitFor();
    expect(await openRow.locator('.row__meta').innerText()).toMatch(/^Placed .+\n?.*left to pay$/s);
    expect(await paidRow.locator('.row__meta').innerText()).toMatch(/^Placed [A-Z][a-z]{2} \d/);
    const clock = openRow.getByRole('timer');
    const before = await clock.innerText();
    expect(before).toMatch(/^1[45]:\d\d$/);
    await eventually(async () => expect(await clock.innerText()).not.toBe(before), 5000, 250);
    expect(await paidRow.getByRole('timer').count()).toBe(0);
    await snap(buyer.page, 'orders-times');

    const noScript = await visitor(false);
    await noScript.context.addCookies(await buyer.context.cookies());
    await noScript.page.goto('/orders');
    const deadline = noScript.page.getByRole('listitem').filter({ hasText: openTitle });
    expect(await deadline.innerText()).toMatch(/Pay by \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M UTC/);

    await eventually(async () => {
      await seller.page.goto('/listings');
      const sold = seller.page.getByRole('region', { name: /^Sold/ });
      await sold
        .locator('.ticket-card__sale', { hasText: /Sold for \$42\.50 on / })
        .waitFor({ timeout: 1000 });
    }, 30_000);
    await snap(seller.page, 'listings-sold');
    for (const { pageErrors } of visitors) expect(pageErrors).toEqual([]);
  }, 120_000);
});
