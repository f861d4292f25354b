import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ExpirationQueue, type ExpirationQueueOptions } from '../queues/expiration-queue';

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set');
  return url;
}

/** Deletes every key under a prefix (one test file's queues). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl());
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Keys under a prefix that belong to one job (its hash, lock, logs). */
export async function jobKeys(prefix: string, orderId: string): Promise<string[]> {
  const redis = new Redis(redisUrl());
  try {
    return await redis.keys(`${prefix}:*${orderId}*`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Queues isolated per test file by a unique Redis prefix. Each test opens its own; after each test they
 * are closed and every key under the prefix is deleted, so no test sees another's jobs.
 */
export function useTestQueues() {
  const prefix = `expiration-test-${randomBytes(6).toString('hex')}`;
  const open: ExpirationQueue[] = [];

  afterEach(async () => {
    await Promise.all(open.splice(0).map((queue) => queue.close()));
    await deleteKeys(prefix);
  });

  return {
    prefix,
    /** A queue on the real Redis (or on `redisUrl`, e.g. a proxy), under this file's prefix. */
    open(options: Partial<ExpirationQueueOptions> = {}): ExpirationQueue {
      const queue = new ExpirationQueue({ redisUrl: redisUrl(), prefix, ...options });
      open.push(queue);
      return queue;
    },
  };
}
