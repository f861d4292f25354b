import { logger } from '../logger';
import { collectedGauge } from '../metrics/registry';

/** What one outbox collection holds right now. */
export interface Backlog {
  collection: string;
  /** Documents holding at least one event not yet published. */
  pendingDocuments: number;
  /** Age of the oldest unpublished event; 0 when there is none. */
  oldestAgeSeconds: number;
}

/** A scrape must not hang on a slow or absent database: past this, the gauges are left empty for that scrape. */
const READ_TIMEOUT_MS = 2_000;

let readBacklogs: () => Promise<Backlog[]> = async () => [];
let reading: Promise<Backlog[] | undefined> | undefined;

/** One read serves both gauges of a scrape: prom-client collects them concurrently, so they share it. */
function backlogsOnce(): Promise<Backlog[] | undefined> {
  reading ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS);
    });
    try {
      return await Promise.race([readBacklogs(), timeout]);
    } catch (err) {
      logger.warn({ err }, 'could not read the outbox backlog for metrics');
      return undefined;
    } finally {
      clearTimeout(timer);
      reading = undefined;
    }
  })();
  return reading;
}

function outboxGauge(name: string, help: string, value: (backlog: Backlog) => number) {
  collectedGauge(name, help, ['collection'], async (gauge) => {
    const backlogs = await backlogsOnce();
    gauge.reset();
    for (const backlog of backlogs ?? []) gauge.set({ collection: backlog.collection }, value(backlog));
  });
}

/** Declares the outbox gauges, read on each scrape from the relays of this process. */
export function registerOutboxMetrics(read: () => Promise<Backlog[]>): void {
  readBacklogs = read;
  outboxGauge(
    'outbox_pending_documents',
    'Documents whose outbox holds events not yet published, by collection',
    (backlog) => backlog.pendingDocuments,
  );
  outboxGauge(
    'outbox_oldest_pending_age_seconds',
    'Age of the oldest event not yet published, by collection (0 when none)',
    (backlog) => backlog.oldestAgeSeconds,
  );
}
