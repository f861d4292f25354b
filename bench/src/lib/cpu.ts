import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Where the CPU went while fn ran: seconds used by each process, and the share of one core (1.0 = a core
 * busy the whole time). Tells which process a slow path waits on.
 */
export async function cpuDuring<T>(
  pids: Record<string, number>,
  fn: () => Promise<T>,
): Promise<{
  result: T;
  cores: Record<string, number>;
  /** CPU seconds each process used, unrounded. */
  seconds: Record<string, number>;
  wallSeconds: number;
}> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const started = performance.now();
  const result = await fn();
  const wallSeconds = (performance.now() - started) / 1000;
  const seconds = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - (before[name] ?? NaN)]),
  );
  const cores = Object.fromEntries(
    Object.entries(seconds).map(([name, used]) => [name, Number((used / wallSeconds).toFixed(2))]),
  );
  return { result, cores, seconds, wallSeconds };
}

/**
 * Waits until the processes together use less than `threshold` of a core over a second (bounded by
 * maxMs), so that requests a previous load left queued do not count against the next one.
 */
export async function settle(pids: Record<string, number>, threshold = 0.3, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const { cores } = await cpuDuring(pids, () => new Promise((done) => setTimeout(done, 1_000)));
    const busy = Object.values(cores).reduce((sum, used) => sum + (Number.isNaN(used) ? 0 : used), 0);
    if (busy < threshold) break;
  }
  return Date.now() - started;
}
