import { sleep, type OrderJson } from '../../e2e/src/support/api';
import type { Subject } from '@ticketing/common';
import { join } from 'node:path';
import type { ServiceName } from '@ticketing/tools';
import { withPlatform, type BenchPlatform } from './lib/bench-platform';
import { summarizeProfile } from './lib/cpu-profile';
import { profileService } from './lib/profiled-service';
import { cpuDuring, settle } from './lib/cpu';
import { commandCounts, commandsBetween } from './lib/db-commands';
import { observe, type Observer } from './lib/observer';
import type { Answer, Session } from './lib/http';
import { runPool } from './lib/pool';
import { printTable, RESULTS_DIR, shout, writeResult } from './lib/report';
import { listTickets } from './lib/seed';
import { fmt, summarize, tally } from './lib/stats';

const BUYERS = 200;
const SELLERS = 10;
/**
 * POST /api/payments again only while it answers 404 (payments has not heard of the order yet) or 503 (its
 * confirmation has not reached payments yet: the answer says to try again).
 */
const PAYMENT_ATTEMPTS = 10;
const PAYMENT_RETRY_MS = 500;
const PAYMENT_GIVE_UP_MS = 60_000;
/** How long after the last payment answer the orders may take to be completed. */
const COMPLETION_BUDGET_MS = 120_000;
/** Every subject, counted as a bystander receives them: the events one lifecycle publishes. */
const SUBJECTS: Subject[] = [
  'ticket:created',
  'ticket:updated',
  'order:created',
  'order:confirmed',
  'order:cancelled',
  'order:completed',
  'expiration:complete',
  'payment:created',
  'payment:failed',
];

interface Buyer {
  session: Session;
  ticketId: string;
  orderSentAt: number;
  order?: Answer<OrderJson>;
  /** HTTP requests this buyer sent. */
  requests: number;
  payment?: Answer<unknown>;
  paymentAttempts: number;
  paidAt?: number;
  completedAt?: number;
}

/** POST /api/payments until it is neither 404 nor 503, at most PAYMENT_ATTEMPTS times and PAYMENT_GIVE_UP_MS. */
async function pay(buyer: Buyer, orderId: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    buyer.paymentAttempts += 1;
    buyer.requests += 1;
    buyer.payment = await buyer.session.call('POST', '/api/payments', { orderId, token: 'pm_card_visa' });
    const giveUp = buyer.paymentAttempts >= PAYMENT_ATTEMPTS || Date.now() - started > PAYMENT_GIVE_UP_MS;
    if (![404, 503].includes(buyer.payment.status) || giveUp) break;
    await sleep(PAYMENT_RETRY_MS);
  }
  if (buyer.payment.status === 201) buyer.paidAt = Date.now();
}

/** One buyer: orders their ticket, then pays for it. */
async function buy(buyer: Buyer): Promise<void> {
  buyer.orderSentAt = Date.now();
  buyer.requests += 1;
  buyer.order = await buyer.session.call<OrderJson>('POST', '/api/orders', { ticketId: buyer.ticketId });
  if (buyer.order.status === 201) await pay(buyer, buyer.order.body.id);
}

/**
 * Until the buyers are done and every paid order was completed (its order:completed reached the bystander), or
 * the budget after the last payment ran out. Reads nothing from the platform: the completions' own cost is all
 * that is measured.
 */
async function awaitCompletions(
  buyers: Buyer[],
  completions: Map<string, number>,
  buyersDone: () => number | undefined,
): Promise<void> {
  for (;;) {
    for (const buyer of buyers) {
      const at = buyer.paidAt === undefined ? undefined : completions.get(buyer.order!.body.id);
      if (at !== undefined) buyer.completedAt = at;
    }
    const pending = buyers.filter((b) => b.paidAt !== undefined && b.completedAt === undefined);
    const doneAt = buyersDone();
    if (doneAt !== undefined && (pending.length === 0 || Date.now() > doneAt + COMPLETION_BUDGET_MS)) return;
    await sleep(10);
  }
}

/**
 * Order lifecycle: BUYERS tickets listed (by SELLERS sellers) and orderable; then BUYERS buyers at once each
 * order their own ticket and pay for it with pm_card_visa (stripe-mock), until every order:completed reached a
 * bystander on the bus. Prints lifecycles per second (first order sent -> last order completed), the order ->
 * completed latency, the non-2xx answers, and per lifecycle: the CPU of every process, the database commands by
 * kind (all services, counted from the server's command counters before the first order and after the platform
 * settled), the events published (as the bystander received them) and the HTTP requests sent. Every order is
 * then read once through the API (not counted) to check that it says `completed`.
 */
export async function lifecycle(): Promise<void> {
  await withPlatform({ eventBus: 'stan' }, async (bench: BenchPlatform) => {
    const { listings, sellableMs } = await listTickets(bench, BUYERS, SELLERS);
    console.log(`  ${BUYERS} tickets listed and orderable in ${(sellableMs / 1000).toFixed(1)} s`);
    // BENCH_PROFILE=orders,payments: those services run under node --cpu-prof for the buyers' run.
    const profiled = await Promise.all(
      (process.env.BENCH_PROFILE ?? '')
        .split(',')
        .filter(Boolean)
        .map(async (name) => ({
          name,
          profiling: await profileService(bench, name as ServiceName, join(RESULTS_DIR, `lifecycle-${name}`)),
        })),
    );
    let deliveries = 0;
    const observer: Observer = await observe(
      bench,
      SUBJECTS.map((subject) => ({
        subject,
        // Every delivery counts (a duplicate too): the key is the delivery's number.
        key: (data) => (subject === 'order:completed' ? String(data.id) : String((deliveries += 1))),
      })),
    );
    // The listings' own aftermath (outbox clean-ups, replicas) must not count as the orders' writes.
    const settledBeforeMs = await settle(bench.pids());
    const eventsBefore = countEvents(observer);
    const commandsBefore = await commandCounts(bench.database('admin'));

    const buyers: Buyer[] = listings.map(({ ticket }) => ({
      session: bench.session(),
      ticketId: ticket.id,
      orderSentAt: NaN,
      requests: 0,
      paymentAttempts: 0,
    }));
    let buyersDoneAt: number | undefined;
    let buyersMs = NaN;
    const started = Date.now();
    // Every process's CPU during the run (the load generator is this process): what one lifecycle costs where.
    const completions = observer.seen.get('order:completed')!;
    const { cores, seconds, wallSeconds } = await cpuDuring(
      { ...bench.pids(), 'load generator': process.pid },
      () =>
        Promise.all([
          Promise.all(buyers.map(buy)).then(() => {
            buyersDoneAt = Date.now();
            buyersMs = Date.now() - started;
          }),
          awaitCompletions(buyers, completions, () => buyersDoneAt),
        ]),
    );
    const cpuMsPerLifecycle = Object.fromEntries(
      Object.entries(seconds).map(([name, used]) => [name, (used * 1000) / BUYERS]),
    );

    for (const { name, profiling } of profiled) {
      const file = await profiling.stop();
      const summary = summarizeProfile(file, 25);
      printTable(
        `Profile of ${name} during the run (${file}): busy ${fmt(summary.busyPercent)}%`,
        ['self time by area', '%'],
        summary.byArea.slice(0, 10).map((area) => [area.area, fmt(area.selfPercent)]),
      );
      printTable(
        'top frames (self time)',
        ['frame', 'area', '%'],
        summary.topFrames.map((frame) => [frame.frame.slice(0, 100), frame.area, fmt(frame.selfPercent)]),
      );
    }
    const completed = buyers.filter((b) => b.completedAt !== undefined);
    const lastCompleted = Math.max(...completed.map((b) => b.completedAt!));
    const elapsedMs = completed.length > 0 ? lastCompleted - started : NaN;
    // The completions' own aftermath (ticket sold, replicas, outbox clean-ups) belongs to the lifecycles.
    const settledAfterMs = await settle(bench.pids());
    const commandsAfter = await commandCounts(bench.database('admin'));
    const events = eventsBetween(eventsBefore, countEvents(observer));
    await observer.close();
    const commands = commandsBetween(commandsBefore, commandsAfter);
    const commandTotal = Object.values(commands).reduce((sum, count) => sum + count, 0);
    const eventTotal = Object.values(events).reduce((sum, count) => sum + count, 0);
    const requests = buyers.reduce((sum, b) => sum + b.requests, 0);
    const perLifecycle = (count: number) => count / BUYERS;
    // Not counted: each order as its buyer then sees it.
    const readCompleted = await runPool(completed.length, 8, async (index) => {
      const buyer = completed[index]!;
      const answer = await buyer.session.call<OrderJson>('GET', `/api/orders/${buyer.order!.body.id}`);
      return answer.status === 200 && answer.body.status === 'completed';
    });

    const orderToCompletedMs = summarize(completed.map((b) => b.completedAt! - b.orderSentAt));
    const paidToCompletedMs = summarize(completed.map((b) => b.completedAt! - b.paidAt!));
    // Includes the 404 answers (each after payments waited for the order) and the pauses between retries.
    const orderedToPaidMs = summarize(
      buyers.flatMap((b) => (b.paidAt === undefined ? [] : [b.paidAt - b.orderSentAt - b.order!.ms])),
    );
    const orderAnswerMs = summarize(buyers.flatMap((b) => (b.order ? [b.order.ms] : [])));
    const paymentAnswerMs = summarize(buyers.flatMap((b) => (b.payment ? [b.payment.ms] : [])));
    const non2xx = tally(
      buyers.flatMap((b) => {
        const failed = (step: string, answer?: Answer<unknown>) =>
          answer && (answer.status < 200 || answer.status >= 300)
            ? [`${step} ${answer.error ?? answer.status}`]
            : [];
        return [...failed('order', b.order), ...failed('payment', b.payment)];
      }),
    );
    const buyersWithNon2xx = buyers.filter((b) =>
      [b.order, b.payment].some((a) => a && (a.status < 200 || a.status >= 300)),
    ).length;
    const paymentRetries = buyers.reduce((sum, b) => sum + Math.max(0, b.paymentAttempts - 1), 0);

    printTable(
      `Order lifecycle: ${BUYERS} buyers at once, each POST /api/orders then POST /api/payments, until ` +
        'its order:completed is out (ms)',
      ['completed', 'lifecycles/s', 'elapsed', 'p50', 'p90', 'p99', 'max', 'buyers with non-2xx', 'non-2xx'],
      [
        [
          `${completed.length} of ${BUYERS}`,
          fmt((completed.length * 1000) / elapsedMs),
          fmt(elapsedMs),
          fmt(orderToCompletedMs.p50),
          fmt(orderToCompletedMs.p90),
          fmt(orderToCompletedMs.p99),
          fmt(orderToCompletedMs.max),
          buyersWithNon2xx,
          Object.entries(non2xx)
            .map(([what, count]) => `${count}x ${what}`)
            .join(', ') || '-',
        ],
      ],
    );
    printTable(
      'Legs (ms)',
      ['leg', 'n', 'p50', 'p90', 'p99', 'max'],
      (
        [
          ['POST /api/orders answered', orderAnswerMs],
          ['order answered -> payment 201 (retries included)', orderedToPaidMs],
          ['POST /api/payments answered (last attempt)', paymentAnswerMs],
          ['payment answered -> order:completed out', paidToCompletedMs],
          ['order sent -> order:completed out', orderToCompletedMs],
        ] as const
      ).map(([leg, s]) => [leg, s.n, fmt(s.p50), fmt(s.p90), fmt(s.p99), fmt(s.max)]),
    );
    printTable(
      `CPU per order lifecycle while the buyers ran (${fmt(wallSeconds)} s; ms of one core per lifecycle)`,
      ['process', 'cores used', 'CPU ms per lifecycle'],
      [
        ...Object.entries(cores)
          .sort(([, a], [, b]) => b - a)
          .map(([name, used]) => [name, fmt(used), fmt(cpuMsPerLifecycle[name] ?? NaN)]),
        [
          'all',
          fmt(Object.values(cores).reduce((sum, used) => sum + used, 0)),
          fmt(Object.values(cpuMsPerLifecycle).reduce((sum, ms) => sum + ms, 0)),
        ],
      ],
    );
    printTable(
      'Database commands per order lifecycle (all services, periodic work included)',
      ['command', 'total', 'per lifecycle'],
      [
        ...Object.entries(commands).map(([kind, count]) => [kind, count, fmt(perLifecycle(count))]),
        ['all commands', commandTotal, fmt(perLifecycle(commandTotal))],
      ],
    );
    printTable(
      'Events published per order lifecycle (deliveries to a bystander, duplicates included)',
      ['subject', 'total', 'per lifecycle'],
      [
        ...Object.entries(events).map(([subject, count]) => [subject, count, fmt(perLifecycle(count))]),
        ['all events', eventTotal, fmt(perLifecycle(eventTotal))],
      ],
    );
    console.log(
      `  HTTP requests per lifecycle: ${fmt(perLifecycle(requests))} (payment retries on 404 or 503: ${paymentRetries}); ` +
        `settled ${(settledBeforeMs / 1000).toFixed(0)} s before, ${(settledAfterMs / 1000).toFixed(0)} s after`,
    );
    if (completed.length < BUYERS) {
      shout(`only ${completed.length} of ${BUYERS} orders were completed within the time budget`);
    }
    const unreadable = readCompleted.filter((ok) => !ok).length;
    if (unreadable > 0) shout(`${unreadable} completed orders did not read completed through the API`);
    writeResult('lifecycle', {
      buyers: BUYERS,
      sellers: SELLERS,
      transport: bench.transport,
      gateway: 'separate process',
      completed: completed.length,
      elapsedMs,
      buyersMs,
      lifecyclesPerSecond: (completed.length * 1000) / elapsedMs,
      latencyMs: {
        orderToCompleted: orderToCompletedMs,
        orderedToPaid: orderedToPaidMs,
        paidToCompleted: paidToCompletedMs,
      },
      answerMs: { order: orderAnswerMs, payment: paymentAnswerMs },
      buyersWithNon2xx,
      non2xx,
      paymentRetries,
      httpRequestsPerLifecycle: perLifecycle(requests),
      commandsPerLifecycle: {
        total: perLifecycle(commandTotal),
        byCommand: Object.fromEntries(
          Object.entries(commands).map(([kind, count]) => [kind, perLifecycle(count)]),
        ),
      },
      eventsPerLifecycle: {
        total: perLifecycle(eventTotal),
        bySubject: Object.fromEntries(
          Object.entries(events).map(([subject, count]) => [subject, perLifecycle(count)]),
        ),
      },
      cpu: { wallSeconds, cores, msPerLifecycle: cpuMsPerLifecycle },
      databaseCommands: commands,
      settledMs: { before: settledBeforeMs, after: settledAfterMs },
    });
  });
}

/** Deliveries so far by subject. */
function countEvents(observer: Observer): Record<string, number> {
  return Object.fromEntries([...observer.seen].map(([subject, keys]) => [subject, keys.size]));
}

function eventsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([subject, count]) => [subject, count - (before[subject] ?? 0)] as const)
      .filter(([, count]) => count !== 0),
  );
}
