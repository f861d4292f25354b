import type { Db } from 'mongodb';

type CommandCounts = Record<string, { total?: number }>;

/**
 * The database server's count of commands by name so far (serverStatus metrics.commands: mongod and
 * the mongo-java-server launcher report it).
 */
export async function commandCounts(admin: Db): Promise<Record<string, number>> {
  const status = (await admin.command({ serverStatus: 1 })) as { metrics?: { commands?: CommandCounts } };
  return Object.fromEntries(
    Object.entries(status.metrics?.commands ?? {}).map(([name, { total }]) => [name, total ?? 0]),
  );
}

/** Commands run between two counts, the writes (insert, update, delete) and reads (find, count...) of interest. */
export function commandsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const kinds = [
    'insert',
    'update',
    'delete',
    'find',
    'getMore',
    'count',
    'distinct',
    'aggregate',
    'findAndModify',
  ];
  return Object.fromEntries(
    kinds.map((kind) => [kind, (after[kind] ?? 0) - (before[kind] ?? 0)]).filter(([, count]) => count !== 0),
  );
}
