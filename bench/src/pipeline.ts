import { sleep, type OrderJson, type TicketJson } from '../../e2e/src/support/api';
import { withPlatform, type BenchPlatform } from './lib/bench-platform';
import { printTable, writeResult } from './lib/report';
import { runPool } from './lib/pool';
import { fmt, summarize } from './lib/stats';
import { bucketsBetween, bucketsOf, quantile, scrape, type MetricSample } from './lib/metrics';

const SAMPLES = 1_000;
const WORKERS = 4;
const BUDGET_MS = 100_000;
const POLL_MS = 2;
const GIVE_UP_MS = 30_000;

interface Sample {
  /** POST /api/tickets answered -> POST /api/orders for it no longer 404 (the ticket:created reached orders). */
  listedToSellableMs: number;
  /** POST /api/orders answered -> GET /api/tickets/:id shows the order (order:created reached tickets). */
  orderedToLockedMs: number;
  /** Requests the polling took, a measure of its resolution. */
  polls: number;
}

/** Repeats call until done(answer) or the time is up; gives the time it took and how many calls. */
async function pollUntil<T>(
  call: () => Promise<T>,
  done: (answer: T) => boolean,
): Promise<{ answer: T; ms: number; polls: number }> {
  const started = performance.now();
  for (let polls = 1; ; polls += 1) {
    const answer = await call();
    if (done(answer)) return { answer, ms: performance.now() - started, polls };
    if (performance.now() - started > GIVE_UP_MS) throw new Error(`still not there after ${GIVE_UP_MS} ms`);
    await sleep(POLL_MS);
  }
}

async function sample(bench: BenchPlatform): Promise<Sample> {
  const seller = bench.session();
  const buyer = bench.session();
  const listed = await seller.call<TicketJson>('POST', '/api/tickets', { title: 'Pipeline', price: 12.5 });
  if (listed.status !== 201) throw new Error(`listing failed: ${listed.status}`);
  const ticketId = listed.body.id;
  const sellable = await pollUntil(
    () => buyer.call<OrderJson>('POST', '/api/orders', { ticketId }),
    (answer) => answer.status !== 404,
  );
  if (sellable.answer.status !== 201) throw new Error(`order refused: ${sellable.answer.status}`);
  const orderId = sellable.answer.body.id;
  const locked = await pollUntil(
    () => buyer.call<TicketJson>('GET', `/api/tickets/${ticketId}`),
    (answer) => answer.body.orderId === orderId,
  );
  return {
    listedToSellableMs: sellable.ms,
    orderedToLockedMs: locked.ms,
    polls: sellable.polls + locked.polls,
  };
}

/** The two legs as the consuming services see them: ticket:created reaching orders, order:created tickets. */
const LAG_LEGS = [
  { leg: 'ticket:created -> orders', service: 'orders', subject: 'ticket:created' },
  { leg: 'order:created -> tickets', service: 'tickets', subject: 'order:created' },
] as const;

/**
 * Event lag read from the consumers' own histogram (publish -> start of handling), over the run: no polling, and
 * it counts every event, though with the resolution of the buckets. In milliseconds.
 */
function lagFromMetrics(before: Record<string, MetricSample[]>, after: Record<string, MetricSample[]>) {
  return LAG_LEGS.map(({ leg, service, subject }) => {
    const series = (samples: MetricSample[] = []) =>
      bucketsOf(samples, 'ticketing_event_lag_seconds', { subject });
    const run = bucketsBetween(series(before[service]), series(after[service]));
    const ms = (q: number) => quantile(q, run) * 1000;
    return { leg, events: run[run.length - 1]?.[1] ?? 0, p50: ms(0.5), p90: ms(0.9), p99: ms(0.99) };
  });
}

async function measure(transport: 'stan' | 'jetstream') {
  return withPlatform({ eventBus: transport }, async (bench) => {
    const scrapeConsumers = async () =>
      Object.fromEntries(
        await Promise.all(
          LAG_LEGS.map(async ({ service }) => [
            service,
            await scrape(bench.platform.services[service].metricsUrl),
          ]),
        ),
      ) as Record<string, MetricSample[]>;
    const before = await scrapeConsumers();
    const started = Date.now();
    const samples = await runPool(SAMPLES, WORKERS, () => sample(bench), started + BUDGET_MS);
    const elapsedMs = Date.now() - started;
    const eventLagFromMetrics = lagFromMetrics(before, await scrapeConsumers());
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    const pick = (from: Sample[], key: 'listedToSellableMs' | 'orderedToLockedMs') =>
      summarize(from.map((s) => s[key]));
    return {
      transport,
      samples: samples.length,
      elapsedMs,
      meanPollsPerSample: samples.reduce((sum, s) => sum + s.polls, 0) / Math.max(1, samples.length),
      listedToSellableMs: pick(samples, 'listedToSellableMs'),
      orderedToLockedMs: pick(samples, 'orderedToLockedMs'),
      // The outbox relay scans whole collections: does the delay grow as the collections do?
      firstTenth: {
        listedToSellableMs: pick(samples.slice(0, tenth), 'listedToSellableMs'),
        orderedToLockedMs: pick(samples.slice(0, tenth), 'orderedToLockedMs'),
      },
      lastTenth: {
        listedToSellableMs: pick(samples.slice(-tenth), 'listedToSellableMs'),
        orderedToLockedMs: pick(samples.slice(-tenth), 'orderedToLockedMs'),
      },
      eventLagFromMetrics,
    };
  });
}

/**
 * Event pipeline: how long until one service sees what another did, per transport. Each sample lists a
 * ticket, polls POST /api/orders until orders knows it (then buys it), and polls GET /api/tickets/:id until
 * tickets shows the order's lock. 4 samples run at a time, polling every 2 ms plus the request's own time.
 * Beside it, the same two legs read from the consumers' event-lag histograms (no polling, every event).
 */
export async function pipeline(): Promise<void> {
  const results = [await measure('stan'), await measure('jetstream')];
  const rows = results.flatMap((r) =>
    (['listedToSellableMs', 'orderedToLockedMs'] as const).map((leg) => [
      r.transport,
      leg === 'listedToSellableMs' ? 'ticket listed -> orderable' : 'order created -> ticket locked',
      r.samples,
      fmt(r[leg].p50),
      fmt(r[leg].p90),
      fmt(r[leg].p99),
      fmt(r[leg].max),
      `${fmt(r.firstTenth[leg].p50)} -> ${fmt(r.lastTenth[leg].p50)}`,
    ]),
  );
  printTable(
    `Event pipeline (ms; ${WORKERS} samples at a time, polling every ${POLL_MS} ms + a request)`,
    ['transport', 'leg', 'samples', 'p50', 'p90', 'p99', 'max', 'p50 first -> last tenth'],
    rows,
  );
  printTable(
    "Event lag from the consumers' metrics (ms; publish -> handling starts, estimated within histogram buckets)",
    ['transport', 'leg', 'events', 'p50', 'p90', 'p99'],
    results.flatMap((r) =>
      r.eventLagFromMetrics.map((l) => [r.transport, l.leg, l.events, fmt(l.p50), fmt(l.p90), fmt(l.p99)]),
    ),
  );
  for (const r of results) {
    if (r.samples < SAMPLES) {
      console.log(
        `  ${r.transport}: ${r.samples} samples, not ${SAMPLES}: the ${BUDGET_MS / 1000} s budget ran out`,
      );
    }
  }
  writeResult('pipeline', { workers: WORKERS, pollMs: POLL_MS, budgetMs: BUDGET_MS, results });
}
