import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB (VmRSS in /proc/<pid>/status); NaN when it is gone. */
export function rssMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** RSS of each named process now. */
export function rssOf(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMiB(pid)]));
}

/** Samples RSS of the processes every intervalMs until stopped; gives the highest value seen for each. */
export function sampleRss(
  pids: Record<string, number>,
  intervalMs = 500,
): { stop(): Record<string, number> } {
  const peak: Record<string, number> = rssOf(pids);
  const timer = setInterval(() => {
    for (const [name, value] of Object.entries(rssOf(pids))) {
      if (value > (peak[name] ?? 0)) peak[name] = value;
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
