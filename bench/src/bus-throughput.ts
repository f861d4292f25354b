/**
 * Bus benchmark: 10,000 events published and consumed through one queue group (two members), per transport.
 * Prints messages per second and publish-to-handle latency; writes bench/results/bus-throughput.json.
 * Part of npm run bench (name: bus).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { JetStreamBus, StanBus, type EventBus } from '@ticketing/common';
import { freePort, jetstreamServer, stanServer, NATS_CLUSTER_ID, type ManagedServer } from '@ticketing/tools';

const EVENTS = Number(process.env.BUS_BENCH_EVENTS ?? 10_000);
const PUBLISH_CONCURRENCY = 64;

type Transport = 'stan' | 'jetstream';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function connect(transport: Transport, url: string, serviceName: string): Promise<EventBus> {
  if (transport === 'jetstream') return JetStreamBus.connect({ serviceName, url });
  return StanBus.connect({
    serviceName,
    url,
    clusterId: NATS_CLUSTER_ID,
    clientId: `${serviceName}-${randomBytes(4).toString('hex')}`,
  });
}

async function run(transport: Transport) {
  const dir = mkdtempSync(join(tmpdir(), `bus-bench-${transport}-`));
  const port = await freePort();
  const server: ManagedServer = (transport === 'stan' ? stanServer : jetstreamServer)(
    port,
    join(dir, 'data'),
    join(dir, 'broker.log'),
  );
  await server.start();
  const url = `nats://127.0.0.1:${port}`;
  const members = [
    await connect(transport, url, 'bench-service'),
    await connect(transport, url, 'bench-service'),
  ];
  const publisher = await connect(transport, url, 'bench-publisher');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const handledBy = [0, 0];
  let done: () => void = () => undefined;
  const allHandled = new Promise<void>((resolveAll) => (done = resolveAll));
  for (const [index, member] of members.entries()) {
    await member.subscribe('ticket:created', async (data) => {
      const start = sentAt.get(data.id);
      if (start === undefined) return;
      sentAt.delete(data.id);
      latencies.push(performance.now() - start);
      handledBy[index]! += 1;
      if (latencies.length === EVENTS) done();
    });
  }
  const userId = new Types.ObjectId().toHexString();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PUBLISH_CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next += 1;
        const id = new Types.ObjectId().toHexString();
        sentAt.set(id, performance.now());
        await publisher.publish('ticket:created', { id, version: 0, title: 'bench', price: 1000, userId });
      }
    }),
  );
  const published = performance.now();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`only ${latencies.length} of ${EVENTS} handled in 120 s`)),
      120_000,
    ).unref(),
  );
  await Promise.race([allHandled, timeout]);
  const finished = performance.now();
  await Promise.all([...members, publisher].map((bus) => bus.close()));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    transport,
    events: EVENTS,
    publishPerSecond: Math.round(EVENTS / ((published - started) / 1000)),
    endToEndPerSecond: Math.round(EVENTS / ((finished - started) / 1000)),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    maxMs: Number((latencies[latencies.length - 1] ?? NaN).toFixed(1)),
    handledPerMember: handledBy,
  };
}

export async function busThroughput(): Promise<void> {
  const results = [];
  for (const transport of ['stan', 'jetstream'] as const) results.push(await run(transport));
  console.log(
    `\nBus: ${EVENTS} events through one queue group of 2 members, ${PUBLISH_CONCURRENCY} publishes in flight`,
  );
  console.table(results);
  const out = resolve(__dirname, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'bus-throughput.json'),
    JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
  );
}
