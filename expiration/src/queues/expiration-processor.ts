import {
  LAG_BUCKETS,
  histogram,
  logger,
  runWithContext,
  type EventBus,
  type Worker,
} from '@ticketing/common';
import type { ExpirationJobHandle, ExpirationQueue } from './expiration-queue';

/** Jobs published at the same time by one process: a burst of orders falling due is not handled one by one. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * One expiration:complete per order as far as the broker allows: JetStream drops a second copy with this id
 * (e.g. a job retried after its publish was confirmed but before Bull recorded the success).
 */
export function expirationMessageId(orderId: string): string {
  return `expiration-complete-${orderId}`;
}

const lateness = histogram(
  'expiration_lateness_seconds',
  "Time from an order's expiresAt to the confirmed publish of its expiration:complete",
  [],
  LAG_BUCKETS,
);

/** When a job falls due, publish expiration:complete; a rejected publish fails the attempt and Bull retries. */
async function publishExpiration(bus: EventBus, job: ExpirationJobHandle): Promise<void> {
  const { orderId, expiresAt, correlationId } = job.data;
  await runWithContext({ correlationId }, async () => {
    await bus.publish(
      'expiration:complete',
      { orderId },
      { id: expirationMessageId(orderId), correlationId },
    );
    const lateMs = Date.now() - Date.parse(expiresAt);
    if (Number.isFinite(lateMs)) lateness.observe(Math.max(0, lateMs) / 1000);
    logger.info(
      { orderId, lateMs, attempt: job.attemptsMade + 1 },
      'order lapsed: expiration:complete published',
    );
  });
}

function logFailure(job: ExpirationJobHandle | null, err: Error): void {
  if (!job) return;
  const { orderId, correlationId } = job.data;
  const attempts = job.opts.attempts ?? 1;
  runWithContext({ correlationId }, () => {
    if (job.attemptsMade >= attempts) {
      logger.error(
        { err, orderId, attempts: job.attemptsMade },
        'expiration job failed for good; kept in Redis',
      );
    } else {
      logger.warn({ err, orderId, attempt: job.attemptsMade }, 'expiration publish failed; will retry');
    }
  });
}

/** Starts running due jobs in this process (jobs that fell due while it was down run at once). */
export function processExpirations(
  expirations: ExpirationQueue,
  bus: EventBus,
  concurrency = DEFAULT_CONCURRENCY,
): void {
  const { queue } = expirations;
  queue.on('failed', logFailure);
  // process() resolves only when the queue closes.
  queue
    .process(concurrency, (job) => publishExpiration(bus, job))
    .catch((err: unknown) => logger.error({ err }, 'expiration processing stopped'));
}

/** The processing of due jobs as a worker of the service: stopping it lets the jobs running finish. */
export function expirationWorker(expirations: ExpirationQueue, bus: EventBus): Worker {
  return {
    start: () => processExpirations(expirations, bus),
    stop: () => expirations.stopProcessing(),
  };
}
