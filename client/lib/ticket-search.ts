import { firstParam, type SearchParams } from './search-params';

/** The home page's search state. It lives in the URL, so a search is a link: shareable, bookmarkable, no JS. */

export const TICKET_SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
] as const;

export type TicketSort = (typeof TICKET_SORTS)[number]['value'];

export const DEFAULT_SORT: TicketSort = 'newest';

/** The parameters the search form sends and the tickets service reads (`GET /api/tickets`). */
export const SEARCH_FIELDS = ['q', 'minPrice', 'maxPrice', 'sort'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/**
 * What was asked, as typed (trimmed): the tickets service validates and answers field errors, which the form
 * shows. Absent when blank; `sort` absent when it is the default, so equal searches have equal URLs.
 */
export type TicketSearch = Partial<Record<SearchField, string>>;

export interface SearchState {
  search: TicketSearch;
  /** The page: the opaque cursor of the tickets service, within this search. */
  cursor?: string;
}

function value(params: SearchParams, name: string): string | undefined {
  const text = firstParam(params[name])?.trim();
  return text ? text : undefined;
}

export function readSearchState(params: SearchParams): SearchState {
  const search: TicketSearch = {};
  for (const field of SEARCH_FIELDS) {
    const text = value(params, field);
    if (text !== undefined && !(field === 'sort' && text === DEFAULT_SORT)) search[field] = text;
  }
  const cursor = value(params, 'cursor');
  return cursor === undefined ? { search } : { search, cursor };
}

/** Whether anything narrows the list (a sort alone does not). */
export function isFiltered(search: TicketSearch): boolean {
  return search.q !== undefined || search.minPrice !== undefined || search.maxPrice !== undefined;
}

/** The query string of a state, parameters in a fixed order; empty for the plain first page. */
export function searchQuery({ search, cursor }: SearchState): string {
  const query = new URLSearchParams();
  for (const field of SEARCH_FIELDS) {
    const text = search[field];
    if (text !== undefined) query.set(field, text);
  }
  if (cursor !== undefined) query.set('cursor', cursor);
  return query.toString();
}

/** The home page's URL for a state: `/` for the plain first page. */
export function searchHref(state: SearchState): string {
  const query = searchQuery(state);
  return query ? `/?${query}` : '/';
}

/**
 * The tidy URL of what the form sent, when the URL is not already it: a GET form sends its blank fields too
 * (`?q=jazz&minPrice=&maxPrice=&sort=newest`), and blank or default parameters are dropped. Null when tidy.
 */
export function tidyHref(params: SearchParams): string | null {
  const untidy = [...SEARCH_FIELDS, 'cursor'].some((name) => {
    const given = params[name];
    if (given === undefined) return false;
    const text = firstParam(given)?.trim() ?? '';
    return Array.isArray(given) || text === '' || (name === 'sort' && text === DEFAULT_SORT);
  });
  return untidy ? searchHref(readSearchState(params)) : null;
}

/** The query of `GET /api/tickets` for a state and page size. */
export function ticketsApiQuery(state: SearchState, limit: number): string {
  const query = new URLSearchParams(searchQuery(state));
  query.set('limit', String(limit));
  return query.toString();
}
