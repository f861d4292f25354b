import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import { logger } from '@ticketing/common';

export const QUEUE_NAME = 'order-expiration';

/** What a job carries: the order to lapse, when, and the correlation id of the order:created that asked. */
export interface ExpirationJob {
  orderId: string;
  expiresAt: string;
  correlationId: string;
}

export type ExpirationJobHandle = Bull.Job<ExpirationJob>;

export interface ExpirationQueueOptions {
  redisUrl: string;
  /** Redis key prefix; tests give each file its own. */
  prefix?: string;
  /** Upper bound on one command of the queue's own connection (add, remove, ping), so no caller hangs. */
  commandTimeoutMs?: number;
  /** Publish attempts per job; the wait between them doubles from backoffMs. */
  attempts?: number;
  backoffMs?: number;
  /** Jobs that failed every attempt kept for inspection (the oldest beyond this are dropped). */
  keepFailed?: number;
}

/** What cancel() found: removed before it fired, already gone, or firing right now. */
export type CancelOutcome = 'removed' | 'absent' | 'running';

// A readiness probe answers within a second even when Redis hangs.
const PING_TIMEOUT_MS = 1_000;
const QUIT_TIMEOUT_MS = 500;
const retryStrategy = (times: number) => Math.min(times * 200, 2_000);

/** QUIT lets replies still on the way arrive; a Redis that does not answer is disconnected. */
async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  const timer = setTimeout(() => connection.disconnect(), QUIT_TIMEOUT_MS);
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The delayed jobs that lapse orders, kept in Redis so they survive restarts. One job per order
 * (jobId = orderId); Bull ignores a second add with the same id.
 */
export class ExpirationQueue {
  readonly queue: Bull.Queue<ExpirationJob>;
  // Bull does not close connections it got from createClient, so this class does.
  private readonly connections: Redis[] = [];

  constructor(private readonly options: ExpirationQueueOptions) {
    this.queue = new Bull<ExpirationJob>(QUEUE_NAME, {
      prefix: options.prefix ?? 'bull',
      createClient: (type) => this.connect(type),
      defaultJobOptions: {
        attempts: options.attempts ?? 10,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1_000 },
        removeOnComplete: true,
        removeOnFail: options.keepFailed ?? 1_000,
        // A publish that hangs fails the attempt instead of holding the job forever.
        timeout: 20_000,
      },
      settings: { maxStalledCount: 3 },
    });
    // Bull names a new worker's connection with a CLIENT SETNAME it never awaits: closing the queue before
    // Redis answered would be an unhandled rejection, which stops Node. The name is only cosmetic.
    const setWorkerName = this.queue.setWorkerName.bind(this.queue);
    this.queue.setWorkerName = () =>
      setWorkerName().catch((err: unknown) => logger.debug({ err }, 'could not name the worker connection'));
    this.queue.on('error', (err) => logger.warn({ err }, 'expiration queue: redis error'));
  }

  private connect(type: 'client' | 'subscriber' | 'bclient'): Redis {
    const common: RedisOptions = {
      retryStrategy,
      connectionName: `expiration-${type}`,
      // On close, a socket that does not end on its own is destroyed this soon (ioredis waits 2 s).
      disconnectTimeout: QUIT_TIMEOUT_MS,
    };
    const options: RedisOptions =
      type === 'client'
        ? // Fail fast while Redis is away: the caller (a listener) then leaves its message for redelivery.
          { ...common, maxRetriesPerRequest: 2, commandTimeout: this.options.commandTimeoutMs ?? 5_000 }
        : // Bull's subscriber and blocking connections must wait out an outage, never give up.
          { ...common, maxRetriesPerRequest: null, enableReadyCheck: false };
    const connection = new Redis(this.options.redisUrl, options);
    this.connections.push(connection);
    return connection;
  }

  /** Resolves once the job is stored in Redis; an order already overdue runs at once. */
  async schedule(orderId: string, expiresAt: Date, correlationId: string): Promise<void> {
    const delay = Math.max(0, expiresAt.getTime() - Date.now());
    await this.queue.add(
      { orderId, expiresAt: expiresAt.toISOString(), correlationId },
      { jobId: orderId, delay },
    );
  }

  /** Removes the job of an order unless it is already firing (then the late event is harmless). */
  async cancel(orderId: string): Promise<CancelOutcome> {
    const job = await this.queue.getJob(orderId);
    if (!job) return 'absent';
    try {
      await job.remove();
      return 'removed';
    } catch (err) {
      // Bull refuses to remove a locked (active) job; anything else is a real failure.
      if (await job.isActive()) return 'running';
      throw err;
    }
  }

  /** Readiness: Redis answers PING on the queue's connection. */
  async isRedisReady(): Promise<boolean> {
    const client = this.queue.client;
    if (client.status !== 'ready') return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    try {
      return await Promise.race([client.ping().then((reply) => reply === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops taking jobs in this process and waits for those running; adding and removing still work. */
  async stopProcessing(): Promise<void> {
    await this.queue.pause(true);
  }

  async close(): Promise<void> {
    await this.queue.close();
    await Promise.all(this.connections.map(quit));
  }
}
