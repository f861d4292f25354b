/**
 * How late expiration:complete comes: 1,000 orders lapsing at random times over the next 20 s are scheduled
 * as order:created does, and lateness = the moment the broker confirmed the publish minus expiresAt.
 *
 *   npx tsc -b expiration
 *   LOG_LEVEL=warn scripts/with-deps.sh node expiration/dist/bench/measure-lateness.js [jetstream|stan|memory]
 *
 * Prints numbers only; nothing here asserts on time.
 */
import { randomBytes } from 'node:crypto';
import { createEventBus, type EventBus, type EventData, type Subject } from '@ticketing/common';
import { FakeBus } from '@ticketing/common/testing';
import { DEFAULT_CONCURRENCY, processExpirations } from '../queues/expiration-processor';
import { ExpirationQueue } from '../queues/expiration-queue';

const ORDERS = 1_000;
const SPREAD_MS = 20_000;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-deps.sh`);
  return value;
}

async function connectBus(transport: string): Promise<EventBus> {
  if (transport === 'memory') return new FakeBus('expiration-bench');
  const stan = transport === 'stan';
  return createEventBus('expiration-bench', {
    EVENT_BUS: stan ? 'stan' : 'jetstream',
    NATS_URL: env(stan ? 'NATS_STREAMING_URL' : 'NATS_JETSTREAM_URL'),
    NATS_CLUSTER_ID: process.env.NATS_CLUSTER_ID ?? 'ticketing',
    NATS_CLIENT_ID: `expiration-bench-${randomBytes(4).toString('hex')}`,
  });
}

/** Records when each expiration:complete was confirmed by the broker. */
function timed(bus: EventBus, confirmedAt: Map<string, number[]>): EventBus {
  return {
    transport: bus.transport,
    isConnected: () => bus.isConnected(),
    close: () => bus.close(),
    subscribe: (subject, handler, options) => bus.subscribe(subject, handler, options),
    async publish<S extends Subject>(
      subject: S,
      data: EventData<S>,
      options?: Parameters<EventBus['publish']>[2],
    ) {
      await bus.publish(subject, data, options);
      if (subject === 'expiration:complete') {
        const { orderId } = data as EventData<'expiration:complete'>;
        confirmedAt.set(orderId, [...(confirmedAt.get(orderId) ?? []), Date.now()]);
      }
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const transport = process.argv[2] ?? 'jetstream';
  const prefix = `expiration-bench-${randomBytes(4).toString('hex')}`;
  const expirations = new ExpirationQueue({ redisUrl: env('REDIS_URL'), prefix });
  const bus = await connectBus(transport);
  const confirmedAt = new Map<string, number[]>();
  processExpirations(expirations, timed(bus, confirmedAt));

  const expiresAt = new Map<string, number>();
  const start = Date.now();
  await Promise.all(
    Array.from({ length: ORDERS }, async () => {
      const orderId = randomBytes(12).toString('hex');
      const at = start + 1_000 + Math.floor(Math.random() * SPREAD_MS);
      expiresAt.set(orderId, at);
      await expirations.schedule(orderId, new Date(at), 'bench');
    }),
  );
  const scheduledIn = Date.now() - start;

  const deadline = start + SPREAD_MS + 30_000;
  while (confirmedAt.size < ORDERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

  const lateness = [...confirmedAt].map(([orderId, times]) => times[0]! - expiresAt.get(orderId)!);
  lateness.sort((a, b) => a - b);
  const duplicates = [...confirmedAt.values()].filter((times) => times.length > 1).length;
  console.log(
    JSON.stringify(
      {
        transport,
        orders: ORDERS,
        concurrency: DEFAULT_CONCURRENCY,
        scheduledInMs: scheduledIn,
        published: confirmedAt.size,
        duplicates,
        earliest: lateness[0],
        latenessMs: {
          p50: percentile(lateness, 50),
          p90: percentile(lateness, 90),
          p99: percentile(lateness, 99),
          max: lateness[lateness.length - 1],
        },
      },
      null,
      2,
    ),
  );

  await expirations.stopProcessing();
  await bus.close();
  await expirations.queue.obliterate({ force: true });
  await expirations.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
