const DUPLICATE_KEY = 11000;

interface DuplicateKeyError {
  code?: unknown;
  keyPattern?: Record<string, unknown>;
  message?: unknown;
}

/** The fields of the unique index an E11000 hit: mongod says so in keyPattern, the stand-in only in its message. */
function duplicateKeyFields(err: DuplicateKeyError): string[] {
  if (err.keyPattern) return Object.keys(err.keyPattern);
  const index = /index: (\S+) dup key/.exec(String(err.message ?? ''))?.[1];
  return index ? index.split(/_-?1(?:_|$)/).filter(Boolean) : [];
}

/**
 * MongoDB's E11000: an insert (or upsert) hit a unique index, i.e. someone else's claim already stands. With
 * `field`, only a violation of the unique index that starts with that field counts (a document may hold two
 * claims).
 */
export function isDuplicateKeyError(err: unknown, field?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const duplicate = err as DuplicateKeyError;
  if (duplicate.code !== DUPLICATE_KEY) return false;
  return field === undefined || duplicateKeyFields(duplicate)[0] === field;
}
