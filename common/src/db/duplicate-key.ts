const DUPLICATE_KEY = 11000;

/** MongoDB's E11000: an insert (or upsert) hit a unique index, i.e. someone else's claim already stands. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}
