/**
 * Latency of POST /api/orders when 50 buyers race for one ticket, against the real database in MONGO_URI.
 * Prints percentiles of the per-request time seen by the client; asserts the race outcome (1 x 201, 49 x 400).
 * Run: scripts/with-deps.sh node -r @swc-node/register orders/bench/order-race.ts [rounds] [buyers]
 */
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { OutboxRelay } from '@ticketing/common';
import {
  FakeBus,
  TEST_JWT_KEY,
  fakeUser,
  sessionCookieFor,
  startTestDatabase,
} from '@ticketing/common/testing';
import { buildApp } from '../src/app';
import { Order } from '../src/models/order';
import { Ticket } from '../src/models/ticket';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  const buyers = Number(process.argv[3] ?? 50);
  const db = await startTestDatabase();
  const bus = new FakeBus('orders-service');
  const relay = new OutboxRelay(bus, [Order]);
  const app = buildApp({ jwtKey: TEST_JWT_KEY, bus, relay, expirationWindowSeconds: 900 });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`;

  const all: number[] = [];
  const roundP99: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const ticketId = new Types.ObjectId();
    await Ticket.create({ _id: ticketId, title: 'Bench', price: 1000, userId: fakeUser().id, version: 0 });
    const cookies = Array.from({ length: buyers }, () => sessionCookieFor());
    const results = await Promise.all(
      cookies.map(async (cookie) => {
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ ticketId: ticketId.toHexString() }),
        });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - started };
      }),
    );
    const won = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 400).length;
    if (won !== 1 || refused !== buyers - 1)
      throw new Error(`round ${round}: ${won} x 201, ${refused} x 400`);
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    roundP99.push(percentile(times, 99));
    all.push(...times);
    await relay.flush();
  }

  all.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${rounds} rounds x ${buyers} buyers for one ticket (each round: 1 x 201, ${buyers - 1} x 400)`,
  );
  console.log(
    `per request: p50 ${fmt(percentile(all, 50))}, p90 ${fmt(percentile(all, 90))}, ` +
      `p99 ${fmt(percentile(all, 99))}, max ${fmt(all[all.length - 1] ?? NaN)}`,
  );
  roundP99.sort((a, b) => a - b);
  console.log(
    `p99 within one round: median ${fmt(percentile(roundP99, 50))}, worst ${fmt(roundP99[roundP99.length - 1] ?? NaN)}`,
  );
  server.close();
  await relay.stop();
  await db.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
