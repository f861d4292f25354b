import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export const LIMIT_MESSAGE = `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`;
export const INVALID_CURSOR = 'Invalid cursor';

/** `?limit=`: read as a number the way `Number()` reads it (so `1e1` is 10), whole and in range. */
export const limitParam = z
  .string({ error: LIMIT_MESSAGE })
  .refine((text) => {
    const limit = Number(text);
    return Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE;
  }, LIMIT_MESSAGE)
  .transform(Number)
  .meta({
    description: `Page size (default ${DEFAULT_PAGE_SIZE})`,
    override: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  });

/** `?cursor=`: opaque; only the list that made it can read it (see `pageRequest`). */
// Never empty: found by schemathesis (positive_data_acceptance), `cursor=` was refused though documented as valid.
export const cursorParam = z.string({ error: INVALID_CURSOR }).min(1, INVALID_CURSOR).meta({
  description:
    'Where the page starts: copy it from the `Link: <...>; rel="next"` header of the previous page (opaque)',
});

export const pageQuery = z.object({ limit: limitParam.optional(), cursor: cursorParam.optional() });
