import type { Request, Response } from 'express';
import { Types } from 'mongoose';
import { BadRequestError } from '../errors/http-error';
import { cursorParam, DEFAULT_PAGE_SIZE, INVALID_CURSOR, LIMIT_MESSAGE, limitParam } from '../api/pagination';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../api/pagination';

/**
 * A position in a sorted list: the sort key of the last item shown and the id that breaks ties, plus the name
 * of the sort order it belongs to (absent in cursors of lists that only sort newest first).
 */
export interface Cursor {
  key: string;
  id: string;
  sort?: string;
}

export interface PageRequest {
  limit: number;
  after?: Cursor;
}

export function encodeCursor(cursor: Cursor): string {
  const parts = cursor.sort === undefined ? [cursor.key, cursor.id] : [cursor.key, cursor.id, cursor.sort];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      (parsed.length === 2 || parsed.length === 3) &&
      parsed.every((part) => typeof part === 'string')
    ) {
      const [key, id, sort] = parsed as [string, string, string?];
      return sort === undefined ? { key, id } : { key, id, sort };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError(INVALID_CURSOR, 'cursor');
}

/** Reads ?limit= and ?cursor= with the contract's schemas (400 at the first that is malformed). */
export function pageRequest(req: Request): PageRequest {
  const { limit: rawLimit, cursor } = req.query;
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    const read = limitParam.safeParse(rawLimit);
    if (!read.success) throw new BadRequestError(LIMIT_MESSAGE, 'limit');
    limit = read.data;
  }
  if (cursor === undefined) return { limit };
  const read = cursorParam.safeParse(cursor);
  if (!read.success) throw new BadRequestError(INVALID_CURSOR, 'cursor');
  return { limit, after: decodeCursor(read.data) };
}

/** Adds `Link: <...>; rel="next"` when a further page exists. */
export function setNextLink(req: Request, res: Response, limit: number, next: Cursor | undefined): void {
  if (!next) return;
  // The next page keeps the request's other filters.
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query)) {
    if (name !== 'limit' && name !== 'cursor' && typeof value === 'string') params.set(name, value);
  }
  params.set('limit', String(limit));
  params.set('cursor', encodeCursor(next));
  res.setHeader('Link', `<${req.baseUrl}${req.path}?${params.toString()}>; rel="next"`);
}

/**
 * The filter for the page after a cursor in a list sorted `{createdAt: -1, _id: -1}`: older documents, ties broken
 * by id. A cursor that decodes but names no real position (bad date or id), or that belongs to another sort
 * order, is a 400.
 */
export function afterCursorFilter(cursor: Cursor): {
  $or: [{ createdAt: { $lt: Date } }, { createdAt: Date; _id: { $lt: Types.ObjectId } }];
} {
  requireSameSort(cursor, NEWEST_FIRST);
  const createdAt = new Date(cursor.key);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f]{24}$/i.test(cursor.id)) {
    throw new BadRequestError('Invalid cursor', 'cursor');
  }
  return {
    $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: new Types.ObjectId(cursor.id) } }],
  };
}

/**
 * Splits what a query fetched with `limit + 1` (newest first) into the page to return and the cursor of the next
 * page, present only when the extra document showed that one exists.
 */
export function splitPage<T extends { createdAt: Date; _id: Types.ObjectId }>(
  found: T[],
  limit: number,
): { page: T[]; next: Cursor | undefined } {
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    found.length > limit && last
      ? { key: last.createdAt.toISOString(), id: last._id.toHexString() }
      : undefined;
  return { page, next };
}

/**
 * One order a list can be walked in with cursors: one field in one direction, `_id` breaking ties in the same
 * direction, so one index `{field, _id}` serves the order and its reverse.
 */
export interface SortOrder {
  /** Its name in `?sort=` and in the cursors of its pages. */
  name: string;
  field: string;
  direction: 1 | -1;
  /** What the field holds, which says how its value is kept in a cursor. */
  type: 'date' | 'integer';
}

export const NEWEST_FIRST: SortOrder = { name: 'newest', field: 'createdAt', direction: -1, type: 'date' };

/** The `.sort()` argument of an order. */
export function sortSpec(order: SortOrder): Record<string, 1 | -1> {
  return { [order.field]: order.direction, _id: order.direction };
}

function requireSameSort(cursor: Cursor, order: SortOrder): void {
  // A cursor without a name comes from a list that only sorts newest first.
  if ((cursor.sort ?? NEWEST_FIRST.name) !== order.name) {
    throw new BadRequestError('This cursor belongs to another sort order; start again without it', 'cursor');
  }
}

function keyValue(order: SortOrder, key: string): Date | number {
  if (order.type === 'date') {
    const date = new Date(key);
    if (!Number.isNaN(date.getTime())) return date;
  } else if (/^-?\d{1,15}$/.test(key)) {
    return Number(key);
  }
  throw new BadRequestError('Invalid cursor', 'cursor');
}

/**
 * The filter for the page after a cursor in `order`: the documents past the cursor's key, and those at the same
 * key past its id. The plain bound on the field lets the index scan start at the cursor (the `$or` alone would
 * not bound it). Combine it with other conditions on the same field through `$and`. 400 when the cursor does not
 * fit: another order's, a malformed key or id.
 */
export function afterCursor(order: SortOrder, cursor: Cursor): Record<string, unknown> {
  requireSameSort(cursor, order);
  const key = keyValue(order, cursor.key);
  if (!/^[0-9a-f]{24}$/i.test(cursor.id)) throw new BadRequestError('Invalid cursor', 'cursor');
  const [past, pastOrAt] = order.direction === 1 ? ['$gt', '$gte'] : ['$lt', '$lte'];
  return {
    [order.field]: { [pastOrAt]: key },
    $or: [{ [order.field]: { [past]: key } }, { _id: { [past]: new Types.ObjectId(cursor.id) } }],
  };
}

/**
 * Splits what a query sorted in `order` fetched with `limit + 1` into the page to return and the cursor of the
 * next page (named after the order), present only when the extra document showed that one exists.
 */
export function splitPageIn<T extends { _id: Types.ObjectId }>(
  order: SortOrder,
  found: T[],
  limit: number,
): { page: T[]; next: Cursor | undefined } {
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  if (found.length <= limit || !last) return { page, next: undefined };
  const value: unknown = (last as Record<string, unknown>)[order.field];
  const key = value instanceof Date ? value.toISOString() : String(value);
  return { page, next: { key, id: last._id.toHexString(), sort: order.name } };
}
