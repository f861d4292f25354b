import type { z } from 'zod';
import {
  MAX_QUERY_WORDS,
  NEWEST_FIRST,
  readValue,
  RequestValidationError,
  ticketListQuery,
  type ErrorItem,
  type SortOrder,
  type TicketSortName,
} from '@ticketing/common';
import { wordsOf } from '../models/search-terms';

/** `?sort=`: ties are broken by `_id` in the same direction, so one index serves both price orders. */
export const TICKET_SORTS = {
  newest: NEWEST_FIRST,
  price_asc: { name: 'price_asc', field: 'price', direction: 1, type: 'integer' },
  price_desc: { name: 'price_desc', field: 'price', direction: -1, type: 'integer' },
} as const satisfies Record<TicketSortName, SortOrder>;

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
/** The parameters of the API contract, each read with its own schema. */
const PARAMS = ticketListQuery.shape;
type Param = keyof typeof PARAMS;
type Read = z.output<typeof ticketListQuery>;

/** Where each problem is collected, so one answer names every bad parameter. */
class Problems {
  readonly items: ErrorItem[] = [];

  add(field: string, message: string): undefined {
    this.items.push({ field, message });
    return undefined;
  }

  /** A parameter read with its schema; a bad one (repeated, malformed) is a problem and reads as absent. */
  read<P extends Param>(query: RawQuery, name: P): Read[P] | undefined {
    const read = readValue(PARAMS[name], query[name]);
    // The value is what PARAMS[name] makes, which TypeScript cannot follow through the indexed access.
    return read.ok ? (read.value as Read[P]) : this.add(name, read.message);
  }
}

/** The words searched: what the contract accepts as `q`, then this service's rules of what a word is. */
function searchWords(query: RawQuery, problems: Problems): string[] {
  const text = problems.read(query, 'q');
  // An empty search box searches nothing.
  if (!text) return [];
  const words = wordsOf(text);
  if (words.length === 0) problems.add('q', 'Search words must contain a letter or a digit');
  else if (words.length > MAX_QUERY_WORDS)
    problems.add('q', `Search at most ${MAX_QUERY_WORDS} words at a time`);
  else return words.sort((a, b) => b.length - a.length);
  return [];
}

/**
 * Reads the list's parameters: `userId`, `status`, `q`, `minPrice`, `maxPrice`, `sort` (`limit` and `cursor` are
 * the pagination's). Every problem found becomes one field error of a single 400, plus `extra` ones found by the
 * caller. A seller's listings (`userId`) are newest first without search or price filters: each such combination
 * would need its own indexes for a page nobody asked to search.
 */
export function readTicketQuery(query: RawQuery, extra: ErrorItem[] = []): TicketQuery {
  const problems = new Problems();
  const userId = problems.read(query, 'userId');
  const status = problems.read(query, 'status') ?? 'for-sale';
  const words = searchWords(query, problems);
  const minPrice = problems.read(query, 'minPrice');
  const maxPrice = problems.read(query, 'maxPrice');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    problems.add('maxPrice', 'The highest price must not be below the lowest');
  }
  const sortName = problems.read(query, 'sort');
  const sort = sortName === undefined ? NEWEST_FIRST : TICKET_SORTS[sortName];
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
    ...(userId === undefined ? {} : { userId }),
    status,
    words,
    ...(minPrice === undefined ? {} : { minPrice }),
    ...(maxPrice === undefined ? {} : { maxPrice }),
    sort,
  };
}
