import type { Model } from 'mongoose';

/** A query's shape as the index check needs it: fields matched by equality, then the sort, then ranges. */
export interface QueryShape {
  /** A name for the message, e.g. "the public ticket list". */
  name: string;
  /** Fields compared with equality (or `$in`), in any order. */
  equality: string[];
  /** The sort, in order. */
  sort?: Record<string, 1 | -1>;
  /** Fields compared with a range ($lt, $gte...) that are not sort fields. */
  range?: string[];
}

type IndexKey = [string, unknown][];

function indexKeys(model: Model<never>): IndexKey[] {
  return [[['_id', 1]], ...model.schema.indexes().map(([fields]) => Object.entries(fields))];
}

/**
 * Whether one index serves the query the way MongoDB's planner can without a blocking sort or a collection
 * scan (the equality-sort-range rule): the index starts with the equality fields in any order, continues
 * with the sort fields in order (every direction as asked, or every one reversed), then the range fields.
 */
function serves(key: IndexKey, query: QueryShape): boolean {
  const fields = key.map(([field]) => field);
  const direction = new Map(key.map(([field, dir]) => [field, Number(dir)]));
  const prefix = new Set(fields.slice(0, query.equality.length));
  if (!query.equality.every((field) => prefix.has(field))) return false;
  const sort = Object.entries(query.sort ?? {});
  const sortFields = fields.slice(query.equality.length, query.equality.length + sort.length);
  if (sort.some(([field], n) => sortFields[n] !== field)) return false;
  const flips = sort.map(([field, dir]) => direction.get(field) === dir);
  if (flips.some((same) => same !== flips[0])) return false;
  const rest = new Set(fields.slice(query.equality.length + sort.length));
  return (query.range ?? []).every((field) => rest.has(field) || sortFields.includes(field));
}

/** The declared index that serves the query, or undefined (a collection scan or a sort in memory on MongoDB). */
export function indexServing(model: Model<never>, query: QueryShape): IndexKey | undefined {
  return indexKeys(model).find((key) => serves(key, query));
}

/**
 * For a test listing a service's queries: fails naming the query when no declared index serves it. The stand-in
 * has no `explain`, so this checks the declarations against the rule MongoDB's planner follows.
 */
export function expectIndexedQueries(model: Model<never>, queries: QueryShape[]): void {
  const unserved = queries.filter((query) => !indexServing(model, query)).map((query) => query.name);
  if (unserved.length > 0) {
    throw new Error(`no index of ${model.modelName} serves: ${unserved.join('; ')}`);
  }
}
