import type { Request, Response } from 'express';
import { Types } from 'mongoose';
import { BadRequestError } from '../errors/http-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** A position in a list sorted newest first: the sort key and the id that breaks ties. */
export interface Cursor {
  key: string;
  id: string;
}

export interface PageRequest {
  limit: number;
  after?: Cursor;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { key: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError('Invalid cursor', 'cursor');
}

/** Reads ?limit= and ?cursor= (400 when malformed). */
export function pageRequest(req: Request): PageRequest {
  const { limit: rawLimit, cursor } = req.query;
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    limit = Number(rawLimit);
    if (typeof rawLimit !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new BadRequestError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
    }
  }
  if (cursor === undefined) return { limit };
  if (typeof cursor !== 'string') throw new BadRequestError('Invalid cursor', 'cursor');
  return { limit, after: decodeCursor(cursor) };
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
 * by id. A cursor that decodes but names no real position (bad date or id) is a 400.
 */
export function afterCursorFilter(cursor: Cursor): {
  $or: [{ createdAt: { $lt: Date } }, { createdAt: Date; _id: { $lt: Types.ObjectId } }];
} {
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
