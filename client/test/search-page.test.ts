import type { Order, Ticket } from '../lib/types';
import { clientHarness } from './support/client-server';
import type { FakeRequest } from './support/fake-services';

const client = clientHarness();

const ticket = (n: number, extra: Partial<Ticket> = {}): Ticket => ({
  id: String(n).padStart(24, 'a'),
  title: `Jazz night ${n}`,
  price: 10 + n,
  userId: 'seller1',
  version: 0,
  orderId: null,
  sold: false,
  soldAt: null,
  createdAt: '2030-01-01T00:00:00.000Z',
  ...extra,
});

/** Answers GET /api/tickets with the given tickets and Link, and records what the page asked for. */
function ticketsAnswer(tickets: Ticket[], link?: string): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  client.services.on((request: FakeRequest) => {
    if (request.path !== '/api/tickets' || request.query.has('userId')) return undefined;
    asked.push(request.query);
    return { status: 200, body: tickets, ...(link ? { headers: { link } } : {}) };
  });
  return asked;
}

async function page(path: string, cookie?: string): Promise<string> {
  const response = await client.get(path, cookie);
  expect(response.status).toBe(200);
  return response.text();
}

describe('the home page search', () => {
  it('when a search is in the URL, then the tickets service is asked for it and the form shows it', async () => {
    const asked = ticketsAnswer([ticket(1)]);
    const html = await page('/?q=jazz&minPrice=10&maxPrice=50&sort=price_desc');
    expect(Object.fromEntries(asked[0]!)).toEqual({
      q: 'jazz',
      minPrice: '10',
      maxPrice: '50',
      sort: 'price_desc',
      limit: '24',
    });
    expect(html).toMatch(/<form[^>]*action="\/"[^>]*role="search"|<form[^>]*role="search"[^>]*action="\/"/);
    expect(html).toContain('name="q"');
    expect(html).toMatch(/<input[^>]*name="q"[^>]*value="jazz"/);
    expect(html).toMatch(/<option value="price_desc" selected=""/);
    expect(html).toContain('Jazz night 1');
  });

  it('when the form sent blank fields, then the page redirects to the tidy URL of the search', async () => {
    const response = await client.get('/?q=jazz&minPrice=&maxPrice=&sort=newest');
    expect([303, 307, 308]).toContain(response.status);
    expect(response.headers.get('location')).toBe('/?q=jazz');
  });

  it('when there is a next page, then its link keeps the search and carries the cursor', async () => {
    ticketsAnswer([ticket(1)], '</api/tickets?q=jazz&sort=price_asc&limit=24&cursor=NEXT>; rel="next"');
    const html = await page('/?q=jazz&sort=price_asc');
    expect(html).toContain('href="/?q=jazz&amp;sort=price_asc&amp;cursor=NEXT"');
  });

  it('when a search finds nothing, then the page says so and offers to clear it, without repeating the words', async () => {
    ticketsAnswer([]);
    const html = await page('/?q=Call%20555-0100');
    expect(html).toContain('No tickets for sale match your search.');
    expect(html).toMatch(/<a[^>]*href="\/"[^>]*>Clear the search<\/a>/);
    // Only the search box holds the words (and the page's data for React, in scripts).
    const shown = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<input[^>]*>/g, '');
    expect(shown).not.toContain('555-0100');
  });

  it('when the service refuses the search, then each message is shown beside its field', async () => {
    client.services.on((request) =>
      request.path === '/api/tickets'
        ? {
            status: 400,
            body: {
              errors: [
                { field: 'minPrice', message: 'minPrice must be an amount in dollars' },
                { field: 'maxPrice', message: 'maxPrice must not be below minPrice' },
              ],
            },
          }
        : undefined,
    );
    const html = await page('/?minPrice=9.999&maxPrice=1');
    expect(html).toContain(
      '<p id="minPrice-error" class="field-error">minPrice must be an amount in dollars</p>',
    );
    expect(html).toContain(
      '<p id="maxPrice-error" class="field-error">maxPrice must not be below minPrice</p>',
    );
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*aria-describedby="minPrice-error"/);
  });

  it('when the cursor is refused, then the page offers the first page of the same search', async () => {
    client.services.on((request) =>
      request.path === '/api/tickets'
        ? { status: 400, body: { errors: [{ field: 'cursor', message: 'Invalid cursor' }] } }
        : undefined,
    );
    const html = await page('/?q=jazz&cursor=bad');
    expect(html).toContain('That page link is not valid');
    expect(html).toContain('href="/?q=jazz"');
  });
});

describe('times on the order history and the listings', () => {
  const order = (status: Order['status']): Order => ({
    id: '6a0000000000000000000001',
    status,
    userId: 'buyer1',
    expiresAt: '2030-05-01T15:42:00.000Z',
    createdAt: '2030-05-01T15:27:00.000Z',
    ticket: { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', title: 'Opera', price: 40 },
    version: 0,
  });

  it('when an order is open, then the history shows when it was placed and, before JavaScript, its deadline', async () => {
    client.services.on((request) =>
      request.path === '/api/orders' ? { status: 200, body: [order('created')] } : undefined,
    );
    const html = await page('/orders', 'session=buyer1');
    expect(html).toContain(
      'Placed <time dateTime="2030-05-01T15:27:00.000Z">May 1, 2030, 3:27 PM UTC</time>',
    );
    expect(html).toContain(
      'Pay by <time dateTime="2030-05-01T15:42:00.000Z">May 1, 2030, 3:42 PM UTC</time>',
    );
  });

  it('when an order is completed, then there is no deadline', async () => {
    client.services.on((request) =>
      request.path === '/api/orders' ? { status: 200, body: [order('completed')] } : undefined,
    );
    const html = await page('/orders', 'session=buyer1');
    expect(html).toContain('Placed ');
    expect(html).not.toContain('Pay by');
  });

  it('when a seller has sold a ticket, then the listing says when and for how much', async () => {
    const sold = ticket(2, {
      userId: 'seller1',
      orderId: 'cccccccccccccccccccccccc',
      sold: true,
      soldAt: '2030-06-02T09:05:00.000Z',
      price: 42.5,
    });
    client.services.on((request) =>
      request.path === '/api/tickets' && request.query.get('userId') === 'seller1'
        ? { status: 200, body: [sold] }
        : undefined,
    );
    const html = await page('/listings', 'session=seller1');
    expect(html).toMatch(
      /Sold for <span class="price">\$42\.50<\/span><\/span><span class="ticket-card__sold-at"> on <time dateTime="2030-06-02T09:05:00.000Z">Jun 2, 2030, 9:05 AM UTC<\/time>/,
    );
  });
});
