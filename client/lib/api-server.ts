import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { timeApiCall } from './api-call-timing';
import { errorsOf } from './api-errors';
import { apiPath, type ApiRoutePath } from './api-path';
import { serviceUrl, type Service } from './config';
import { nextCursorFrom } from './link-header';
import { clientMetrics } from './metrics';
import { ticketsApiQuery, type SearchState } from './ticket-search';
import type { ApiErrorItem, CurrentUser, Order, Page, Ticket } from './types';

/**
 * Server-side calls to the services, made directly (not through the gateway) with the visitor's cookie and
 * forwarding headers, so each service sees the same user, address and scheme it would see from the browser.
 */

const FORWARDED_HEADERS = [
  'cookie',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-request-id',
];
const TIMEOUT_MS = 10_000;
const PAGE_SIZE = 24;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
  ) {
    super(`service answered ${status}: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'ApiError';
  }
}

export interface ServiceResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

async function forwardedHeaders(): Promise<Headers> {
  const incoming = await headers();
  const outgoing = new Headers({ accept: 'application/json' });
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value) outgoing.set(name, value);
  }
  return outgoing;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * One request to a service, named by the API's route template (its parameters in `params`, the query apart) and
 * timed under that template; a non-2xx answer becomes an ApiError carrying the service's messages.
 */
export async function callService<T>(
  service: Service,
  route: ApiRoutePath,
  init: { params?: Record<string, string>; query?: string; method?: string; body?: unknown } = {},
): Promise<ServiceResponse<T>> {
  const requestHeaders = await forwardedHeaders();
  if (init.body !== undefined) requestHeaders.set('content-type', 'application/json');
  const method = init.method ?? 'GET';
  const query = init.query ? `?${init.query}` : '';
  const url = `${serviceUrl(service)}${apiPath(route, init.params)}${query}`;
  const { response, body } = await timeApiCall(
    clientMetrics().apiCallDuration,
    { upstream: service, method, route },
    async () => {
      const answer = await fetch(url, {
        method,
        headers: requestHeaders,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        cache: 'no-store',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return { status: answer.status, response: answer, body: await readJson(answer) };
    },
  );
  if (!response.ok) throw new ApiError(response.status, errorsOf(body, response.status));
  return { status: response.status, body: body as T, headers: response.headers };
}

/** The signed-in visitor, asked once per request however many components need it. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const { body } = await callService<{ currentUser: CurrentUser | null }>('auth', '/api/users/currentuser');
  return body.currentUser ?? null;
});

function pageQuery(
  cursor: string | undefined,
  extra: Record<string, string> = {},
  limit = PAGE_SIZE,
): string {
  const query = new URLSearchParams({ limit: String(limit), ...extra });
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

async function listPage<T>(service: Service, route: ApiRoutePath, cursor?: string): Promise<Page<T>> {
  const { body, headers: responseHeaders } = await callService<T[]>(service, route, {
    query: pageQuery(cursor),
  });
  return { items: body, nextCursor: nextCursorFrom(responseHeaders.get('link')) };
}

/** Null when absent; also null when the visitor may not see it (403), which a page shows as not found. */
async function findOne<T>(service: Service, route: ApiRoutePath, id: string): Promise<T | null> {
  try {
    return (await callService<T>(service, route, { params: { id } })).body;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

/** One page of the tickets for sale matching a search (a 400 names the search fields that are wrong). */
export async function listTicketsForSale(state: SearchState): Promise<Page<Ticket>> {
  const { body, headers: responseHeaders } = await callService<Ticket[]>('tickets', '/api/tickets', {
    query: ticketsApiQuery(state, PAGE_SIZE),
  });
  return { items: body, nextCursor: nextCursorFrom(responseHeaders.get('link')) };
}

/** Cached per request: a page and its metadata both ask. */
export const getTicket = cache((id: string): Promise<Ticket | null> =>
  findOne<Ticket>('tickets', '/api/tickets/:id', id),
);

export function listMyOrders(cursor?: string): Promise<Page<Order>> {
  return listPage<Order>('orders', '/api/orders', cursor);
}

export const getOrder = cache((id: string): Promise<Order | null> =>
  findOne<Order>('orders', '/api/orders/:id', id),
);

export interface SellerTickets {
  tickets: Ticket[];
  /** False when the tickets service ignored the seller filter, i.e. only tickets for sale could be found. */
  allStates: boolean;
}

const SELLER_PAGE_SIZE = 100;
const SELLER_MAX_PAGES = 10;

/**
 * A seller's tickets in every state (`userId` and `status=all`, which the tickets service answers only to that
 * seller), up to SELLER_MAX_PAGES pages. `allStates` is false if the answer held other sellers' tickets, i.e. the
 * service ignored the filter; only the seller's own are kept either way.
 */
export async function listSellerTickets(sellerId: string): Promise<SellerTickets> {
  const tickets: Ticket[] = [];
  let allStates = true;
  let cursor: string | undefined;
  for (let page = 0; page < SELLER_MAX_PAGES; page++) {
    const query = pageQuery(cursor, { userId: sellerId, status: 'all' }, SELLER_PAGE_SIZE);
    const { body, headers: responseHeaders } = await callService<Ticket[]>('tickets', '/api/tickets', {
      query,
    });
    for (const ticket of body) {
      if (ticket.userId === sellerId) tickets.push(ticket);
      else allStates = false;
    }
    const next = nextCursorFrom(responseHeaders.get('link'));
    if (!next) break;
    cursor = next;
  }
  return { tickets, allStates };
}
