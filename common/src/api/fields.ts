import { z } from 'zod';
import isEmail from 'validator/lib/isEmail';
import { isValidPrice, MAX_PRICE_DOLLARS } from '../http/money';

/** An id as the services accept it: 24 hex digits in either case (they lower-case it). */
export const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** An id as the services answer it: a MongoDB ObjectId in lower-case hex. */
export const id = z
  .string()
  .regex(/^[0-9a-f]{24}$/)
  .meta({ description: 'A MongoDB ObjectId: 24 lower-case hex digits', example: '65a1f0c2e4b0a1b2c3d4e5f6' });

/** An ISO 8601 time in UTC, as `Date.toISOString` writes it. */
export const dateTime = z.iso.datetime();

/** The write count of an aggregate: +1 per change. */
export const version = z.number().int().min(0);

/** A price as the API shows it: decimal dollars (integer cents inside). */
export const price = z.number().gt(0).max(MAX_PRICE_DOLLARS);

/** An id given in a body: either case, answered lower-cased; anything else is `message`. */
export function bodyObjectId(message: string) {
  return z
    .string({ error: message })
    .regex(OBJECT_ID, message)
    .transform((value) => value.toLowerCase())
    .meta({ description: 'A MongoDB ObjectId: 24 hex digits' });
}

/**
 * A path id: a malformed one names no resource, so the route answers 404 (see `pathId`), never 400. The pattern
 * is only documentation: routes read path ids with `pathId`.
 */
export function pathObjectId(what: string) {
  return z.string().meta({
    description: `The ${what}'s id (24 hex digits; anything else is a 404)`,
    pattern: OBJECT_ID.source,
  });
}

/**
 * The length of a text as the services have always counted it (validator.js's `isLength`): characters, where a
 * surrogate pair is one and the emoji presentation selectors U+FE0E and U+FE0F count for nothing.
 */
export function textLength(text: string): number {
  const selectors = text.match(/[\uFE0E\uFE0F]/g)?.length ?? 0;
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return text.length - selectors - pairs;
}

/** A string check on `textLength`; documented as minLength/maxLength, which JSON Schema counts alike. */
export function lengthWithin(schema: z.ZodString, min: number, max: number, message: string) {
  return schema
    .refine((text) => textLength(text) >= min && textLength(text) <= max, message)
    .meta({ ...(min > 0 ? { minLength: min } : {}), maxLength: max });
}

/** An email as validator.js's `isEmail` accepts it (what sign-up always accepted), trimmed and lower-cased. */
export function emailField(message: string) {
  return z
    .string({ error: message })
    .trim()
    .refine((text) => isEmail(text), message)
    .toLowerCase()
    .meta({ format: 'email', description: 'Trimmed and lower-cased (dots and +tags are kept)' });
}

/** A price given in a body: a JSON number of dollars, 0 < price <= 1,000,000, at most 2 decimals. */
export function priceField(message: string) {
  return z
    .number({ error: message })
    .refine((value) => isValidPrice(value), message)
    .meta({
      exclusiveMinimum: 0,
      maximum: MAX_PRICE_DOLLARS,
      description: 'Dollars with at most 2 decimals (19.99 round-trips exactly)',
      example: 19.99,
    });
}
