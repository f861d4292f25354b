import { sleep } from '../../src/support/api';
import type { Tally } from './caller';
import { inNamespace, kubectlJson, type List, type PodJson } from './cluster';
import type { Market } from './market';

/** A run on one clock: what the test did, the first retried answers and every failure, in time order. */
export function report(market: Market, label: string): void {
  const { notes, retriedRequests, failures, slow } = market.tally;
  const at = (line: string) => Number(/^\+([\d.]+)s/.exec(line)?.[1] ?? 0);
  const timeline = [
    ...notes,
    ...retriedRequests.slice(0, 40).map((r) => r.replace(/^(\S+) /, '$1 retried: ')),
    ...slow.map((s) => s.replace(/^(\S+) /, '$1 slow: ')),
    ...failures.map((f) => f.replace(/^(\S+) /, '$1 FAILED: ')),
  ].sort((a, b) => at(a) - at(b));
  console.log(`${label}: ${market.describe()}\n${timeline.join('\n')}`);
}

/**
 * Runs `action` while noting when each of the given pods was deleted and how its container exited (when seen
 * before the pod object goes), on the tally's clock: a failed request can then be placed against the shutdown
 * that caused it. Evidence only: a listing that fails is skipped. Resolves with what `action` gives, once the
 * watch has stopped.
 */
export async function watchingTerminations<T>(
  tally: Tally,
  uids: Set<string>,
  action: () => Promise<T>,
): Promise<T> {
  let over = false;
  const watching = watchTerminations(tally, uids, () => over);
  try {
    return await action();
  } finally {
    over = true;
    await watching;
  }
}

async function watchTerminations(tally: Tally, uids: Set<string>, over: () => boolean): Promise<void> {
  const deleted = new Set<string>();
  const exited = new Set<string>();
  while (!over()) {
    const { items } = await kubectlJson<List<PodJson>>(inNamespace('get', 'pods')).catch(() => ({
      items: [] as PodJson[],
    }));
    for (const pod of items.filter((p) => uids.has(p.metadata.uid))) {
      const { name, uid, deletionTimestamp, deletionGracePeriodSeconds = 0 } = pod.metadata;
      if (deletionTimestamp && !deleted.has(uid)) {
        deleted.add(uid);
        // deletionTimestamp is when the grace period ends.
        const requested = Date.parse(deletionTimestamp) - deletionGracePeriodSeconds * 1000;
        tally.note(`${name} deleted (grace ${deletionGracePeriodSeconds} s)`, requested);
      }
      const code = pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
      if (code !== undefined && !exited.has(uid)) {
        exited.add(uid);
        tally.note(`${name} exited with code ${code}`);
      }
    }
    await sleep(1_000);
  }
}
