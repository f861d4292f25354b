import {
  isObjectId,
  MAX_PRICE_DOLLARS,
  NEWEST_FIRST,
  RequestValidationError,
  type ErrorItem,
  type SortOrder,
} from '@ticketing/common';
import { wordsOf } from '../models/search-terms';

/** `?sort=`: ties are broken by `_id` in the same direction, so one index serves both price orders. */
export const TICKET_SORTS = {
  newest: NEWEST_FIRST,
  price_asc: { name: 'price_asc', field: 'price', direction: 1, type: 'integer' },
  price_desc: { name: 'price_desc', field: 'price', direction: -1, type: 'integer' },
} as const satisfies Record<string, SortOrder>;

export type TicketSort = keyof typeof TICKET_SORTS;

export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_WORDS = 8;

/** What `GET /api/tickets` was asked for, validated; prices in cents. */
export interface TicketQuery {
  /** One seller's tickets only. */
  userId?: string;
  /** `all` adds the seller's reserved and sold tickets (only for that seller: checked with the session). */
  status: 'for-sale' | 'all';
  /** Normalised query words, every one required; longest first, so the index picks the rarest-looking. */
  words: string[];
  minPrice?: number;
  maxPrice?: number;
  sort: SortOrder;
}

type RawQuery = Record<string, unknown>;

/** Where each problem is collected, so one answer names every bad parameter. */
class Problems {
  readonly items: ErrorItem[] = [];

  add(field: string, message: string): undefined {
    this.items.push({ field, message });
    return undefined;
  }
}

/** A parameter given at most once; a repeated one is a problem (and read as absent). */
function single(query: RawQuery, name: string, problems: Problems): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  return problems.add(name, `${name} must be given once`);
}

const DOLLARS = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/** An amount in dollars with at most 2 decimals, 0 to the highest price, as integer cents. */
/** The bounds as the messages name them: people read these beside the fields. */
const PRICE_BOUNDS = { minPrice: 'The lowest price', maxPrice: 'The highest price' } as const;

function cents(query: RawQuery, name: keyof typeof PRICE_BOUNDS, problems: Problems): number | undefined {
  const text = single(query, name, problems);
  if (text === undefined) return undefined;
  const match = DOLLARS.exec(text);
  // Parsed from the digits, not through a float, so 19.99 is exactly 1999.
  const value = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN;
  if (Number.isNaN(value) || value > MAX_PRICE_DOLLARS * 100) {
    return problems.add(
      name,
      `${PRICE_BOUNDS[name]} must be an amount in dollars from 0 to ${MAX_PRICE_DOLLARS}, with at most 2 decimals`,
    );
  }
  return value;
}

function searchWords(query: RawQuery, problems: Problems): string[] {
  const text = single(query, 'q', problems)?.trim();
  // An empty search box searches nothing.
  if (!text) return [];
  if (text.length > MAX_QUERY_LENGTH) {
    problems.add('q', `Search words must be at most ${MAX_QUERY_LENGTH} characters`);
    return [];
  }
  const words = wordsOf(text);
  if (words.length === 0) problems.add('q', 'Search words must contain a letter or a digit');
  else if (words.length > MAX_QUERY_WORDS)
    problems.add('q', `Search at most ${MAX_QUERY_WORDS} words at a time`);
  else return words.sort((a, b) => b.length - a.length);
  return [];
}

function sortOrder(query: RawQuery, problems: Problems): SortOrder {
  const name = single(query, 'sort', problems);
  if (name === undefined) return NEWEST_FIRST;
  if (Object.hasOwn(TICKET_SORTS, name)) return TICKET_SORTS[name as TicketSort];
  problems.add('sort', `sort must be one of ${Object.keys(TICKET_SORTS).join(', ')}`);
  return NEWEST_FIRST;
}

/**
 * Reads the list's parameters: `userId`, `status`, `q`, `minPrice`, `maxPrice`, `sort` (`limit` and `cursor` are
 * the pagination's). Every problem found becomes one field error of a single 400, plus `extra` ones found by the
 * caller. A seller's listings (`userId`) are newest first without search or price filters: each such combination
 * would need its own indexes for a page nobody asked to search.
 */
export function readTicketQuery(query: RawQuery, extra: ErrorItem[] = []): TicketQuery {
  const problems = new Problems();
  const userId = single(query, 'userId', problems);
  if (userId !== undefined && !isObjectId(userId)) problems.add('userId', 'userId must be a valid id');
  const status = single(query, 'status', problems) ?? 'for-sale';
  if (status !== 'for-sale' && status !== 'all') problems.add('status', 'status must be for-sale or all');
  const words = searchWords(query, problems);
  const minPrice = cents(query, 'minPrice', problems);
  const maxPrice = cents(query, 'maxPrice', problems);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    problems.add('maxPrice', 'The highest price must not be below the lowest');
  }
  const sort = sortOrder(query, problems);
  if (userId !== undefined) {
    const narrowed = {
      q: words.length > 0,
      minPrice: minPrice !== undefined,
      maxPrice: maxPrice !== undefined,
      sort: sort !== NEWEST_FIRST,
    };
    for (const [name, given] of Object.entries(narrowed)) {
      if (given)
        problems.add(name, `${name} cannot be combined with userId: a seller's tickets are newest first`);
    }
  }
  const items = [...extra, ...problems.items];
  if (items.length > 0) throw new RequestValidationError(items);
  return {
    ...(userId === undefined ? {} : { userId: userId.toLowerCase() }),
    status: status === 'all' ? 'all' : 'for-sale',
    words,
    ...(minPrice === undefined ? {} : { minPrice }),
    ...(maxPrice === undefined ? {} : { maxPrice }),
    sort,
  };
}
