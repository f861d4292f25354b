import { BadRequestError, NotFoundError } from '../errors/http-error';
import { OBJECT_ID } from '../api/fields';

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

/** An id from the path: a malformed one names no resource, so it is a 404. */
export function pathId(value: unknown, what = 'Resource'): string {
  if (!isObjectId(value)) throw new NotFoundError(`${what} not found`);
  return value.toLowerCase();
}

/** An id from a body: a malformed one is bad input, so it is a 400. */
export function bodyId(value: unknown, field: string): string {
  if (!isObjectId(value)) throw new BadRequestError(`${field} must be a valid id`, field);
  return value.toLowerCase();
}
