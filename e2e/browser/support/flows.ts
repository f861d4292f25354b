import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';

export const PASSWORD = 'correct-horse-battery';

export function uniqueEmail(role: string): string {
  return `${role}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Signs up through the form, as a person would; the page ends on the home page, signed in. */
export async function signUpThroughForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/auth/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('/');
}

/** Signs up through the API; the browser context keeps the session cookie. */
export async function signUpByApi(
  context: BrowserContext,
  email: string,
): Promise<{ id: string; email: string }> {
  const response = await context.request.post('/api/users/signup', { data: { email, password: PASSWORD } });
  if (response.status() !== 201)
    throw new Error(`signup failed: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { id: string; email: string };
}

/** Lists a ticket through the sell form and returns its id (the page ends on the ticket). */
export async function listTicket(page: Page, title: string, price: string): Promise<string> {
  await page.goto('/tickets/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await page.getByRole('button', { name: 'List ticket' }).click();
  await page.waitForURL(/\/tickets\/[0-9a-f]{24}$/);
  return page.url().split('/').pop() as string;
}

/** Lists a ticket through the API, for tests about what happens after. */
export async function listTicketByApi(
  context: BrowserContext,
  title: string,
  price: number,
): Promise<string> {
  const response = await context.request.post('/api/tickets', { data: { title, price } });
  if (response.status() !== 201)
    throw new Error(`listing failed: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Presses Buy on the ticket page and returns the order id (the page ends on the order). */
export async function buy(page: Page, ticketId: string): Promise<string> {
  await page.goto(`/tickets/${ticketId}`);
  await page.getByRole('button', { name: /^Buy for / }).click();
  await page.waitForURL(/\/orders\/[0-9a-f]{24}$/);
  return page.url().split('/').pop() as string;
}

/** Pays on the order page with one of the test cards offered in sandbox mode. */
export async function payWithTestCard(page: Page, card: RegExp): Promise<void> {
  await page.getByRole('radio', { name: card }).check();
  await page.getByRole('button', { name: /^Pay \$/ }).click();
}

/** Places an order through the API, retrying while the orders service has not yet seen the ticket. */
export async function orderByApi(context: BrowserContext, ticketId: string): Promise<string> {
  const response = await context.request.post('/api/orders', { data: { ticketId } });
  if (response.status() !== 201)
    throw new Error(`order failed: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function payByApi(context: BrowserContext, orderId: string): Promise<void> {
  const response = await context.request.post('/api/payments', { data: { orderId, token: 'pm_card_visa' } });
  if (response.status() !== 201)
    throw new Error(`payment failed: ${response.status()} ${await response.text()}`);
}
