import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { RequestValidationError, type ErrorItem } from '../errors/http-error';

/**
 * The first problem of each field, in the order the schema met them (its fields' order), as the common error
 * items; a problem of the whole value has no field.
 */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): ErrorItem[] {
  const seen = new Set<string>();
  const items: ErrorItem[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    items.push(field === '' ? { message: issue.message } : { message: issue.message, field });
  }
  return items;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the JSON body with the route's schema (from the API contract) and replaces it with what the schema
 * makes of it (trimmed, lower-cased, unknown fields dropped), or answers one 400 naming each bad field. A body
 * that is missing or not an object reads as `{}`, so each required field is reported as missing.
 */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, _res, next) => {
    const result = schema.safeParse(isPlainObject(req.body) ? req.body : {});
    if (!result.success) {
      next(new RequestValidationError(fieldProblems(result.error.issues)));
      return;
    }
    req.body = result.data;
    next();
  };
}

/** One value read with its schema: the value it makes, or the message of its first problem. */
export function readValue<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { ok: true; value: z.output<T> } | { ok: false; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'Invalid value' };
}
