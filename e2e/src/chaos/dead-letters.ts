import type { Platform, ServiceName } from '@ticketing/tools';
import { ALL_SERVICES } from './schedule';

const DEAD_LETTERED = /^ticketing_messages_dead_lettered_total\{([^}]*)\} (\d+(?:\.\d+)?)$/gm;

/** `subject="order:created",reason="exhausted"` read into a label map. */
function labels(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/**
 * The services' own count of dead letters (ticketing_messages_dead_lettered_total). A counter lives as long as its
 * process, so each process is scraped on a timer and right before it is killed, and the last value seen of every
 * process (by pid) is kept: the total is the sum over every process a service has had.
 */
export class DeadLetterWatch {
  /** service -> pid -> "subject (reason)" -> count */
  private readonly seen = new Map<ServiceName, Map<number, Map<string, number>>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly platform: Platform) {}

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => void this.scrapeAll(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async scrapeAll(): Promise<void> {
    await Promise.all(ALL_SERVICES.map((service) => this.scrape(service)));
  }

  /** Reads one service's metrics; a paused or dead process is skipped (its last reading stands). */
  async scrape(service: ServiceName): Promise<void> {
    const process = this.platform.services[service];
    const pid = process.pid;
    if (pid === undefined) return;
    let text: string;
    try {
      const response = await fetch(process.metricsUrl, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) return;
      text = await response.text();
    } catch {
      return;
    }
    const counts = new Map<string, number>();
    for (const match of text.matchAll(DEAD_LETTERED)) {
      const { subject = '?', reason = '?' } = labels(match[1]!);
      const key = `${subject} (${reason})`;
      counts.set(key, (counts.get(key) ?? 0) + Number(match[2]));
    }
    const byPid = this.seen.get(service) ?? new Map<number, Map<string, number>>();
    byPid.set(pid, counts);
    this.seen.set(service, byPid);
  }

  /** Every dead letter counted, as "service: subject (reason) x n". */
  deadLetters(): string[] {
    const lines: string[] = [];
    for (const [service, byPid] of this.seen) {
      const totals = new Map<string, number>();
      for (const counts of byPid.values()) {
        for (const [key, count] of counts) totals.set(key, (totals.get(key) ?? 0) + count);
      }
      for (const [key, count] of totals) if (count > 0) lines.push(`${service}: ${key} x ${count}`);
    }
    return lines;
  }
}
