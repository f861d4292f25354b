import type { OrderJson } from '../../e2e/src/support/api';
import { sleep } from '../../e2e/src/support/api';
import { withPlatform, type BenchPlatform } from './lib/bench-platform';
import { commandCounts, commandsBetween } from './lib/db-commands';
import { observe, type Observer } from './lib/observer';
import { runPool } from './lib/pool';
import { printTable, writeResult } from './lib/report';
import { listTickets, type Listing } from './lib/seed';
import { fmt, summarize, type Summary } from './lib/stats';

const WINDOW_SECONDS = 5;
const SPREAD_MS = 10_000;
/** A rate the event pipeline keeps up with, then the rate asked for (which it does not). */
const PHASES = [
  { orders: 100, graceMs: 30_000 },
  { orders: 1_000, graceMs: 150_000 },
];

interface Phase {
  orders: number;
  placed: number;
  placedMs: number;
  refused: number[];
  latenessMs: Record<
    | 'orderCancelled'
    | 'expirationComplete'
    | 'expirationServiceAlone'
    | 'ordersCompleteToCancelled'
    | 'orderCreatedAfterPlacing',
    Summary
  >;
  notCancelled: number;
  /** Database commands (all services) per order placed, once every order was cancelled; else undefined. */
  databaseCommandsPerOrder?: Record<string, number>;
}

const between = (ids: Iterable<string>, from: (id: string) => number | undefined, to: Map<string, number>) =>
  summarize(
    [...ids].flatMap((id) => {
      const start = from(id);
      const end = to.get(id);
      return start === undefined || end === undefined ? [] : [end - start];
    }),
  );

/** Places orders evenly over SPREAD_MS (at most 32 awaiting an answer), then waits for their cancellations. */
async function phase(
  bench: BenchPlatform,
  observer: Observer,
  listings: Listing[],
  graceMs: number,
): Promise<Phase> {
  const commandsBefore = await commandCounts(bench.database('admin'));
  const expiresAt = new Map<string, number>();
  const refused: number[] = [];
  const started = Date.now();
  await runPool(listings.length, 32, async (index) => {
    await sleep(started + (index * SPREAD_MS) / listings.length - Date.now());
    const { status, body } = await bench
      .session()
      .call<OrderJson>('POST', '/api/orders', { ticketId: listings[index]!.ticket.id });
    if (status === 201) expiresAt.set(body.id, new Date(body.expiresAt).getTime());
    else refused.push(status);
  });
  const placedMs = Date.now() - started;
  const seen = (subject: 'order:created' | 'expiration:complete' | 'order:cancelled') =>
    observer.seen.get(subject)!;
  const mine = () => [...expiresAt.keys()].filter((id) => seen('order:cancelled').has(id)).length;
  const lastExpiry = Math.max(...expiresAt.values());
  while (mine() < expiresAt.size && Date.now() < lastExpiry + graceMs) await sleep(200);
  // The last cancellations' own aftermath (ticket released, replicas updated) before counting commands.
  if (mine() === expiresAt.size) await sleep(3_000);
  const commandsAfter = await commandCounts(bench.database('admin'));

  const ids = [...expiresAt.keys()];
  const expiry = (id: string) => expiresAt.get(id);
  const created = seen('order:created');
  const expired = seen('expiration:complete');
  const latenessMs = {
    orderCancelled: between(ids, expiry, seen('order:cancelled')),
    expirationComplete: between(ids, expiry, expired),
    // The expiration service's own precision: its job cannot fire before it heard of the order.
    expirationServiceAlone: between(
      ids,
      (id) => (created.has(id) ? Math.max(expiresAt.get(id)!, created.get(id)!) : undefined),
      expired,
    ),
    ordersCompleteToCancelled: between(ids, (id) => expired.get(id), seen('order:cancelled')),
    // Orders are placed at expiresAt - window: how long their order:created took to leave the outbox.
    orderCreatedAfterPlacing: between(ids, (id) => expiresAt.get(id)! - WINDOW_SECONDS * 1000, created),
  };
  const notCancelled = expiresAt.size - mine();
  const perOrder = commandsBetween(commandsBefore, commandsAfter);
  return {
    orders: listings.length,
    placed: expiresAt.size,
    placedMs,
    refused,
    latenessMs,
    notCancelled,
    databaseCommandsPerOrder:
      notCancelled === 0
        ? Object.fromEntries(Object.entries(perOrder).map(([kind, count]) => [kind, count / expiresAt.size]))
        : undefined,
  };
}

/**
 * Expiration precision, on a platform whose window is 5 s: orders placed evenly over 10 s, first 100 (a rate
 * the event pipeline keeps up with), then 1,000 (the rate asked for). A bystander subscribed to the bus records
 * when order:created, expiration:complete (the Bull job fired) and order:cancelled (published from the orders
 * outbox right after the cancelling save) are first delivered; lateness = that moment - the order's expiresAt.
 * The orders sweeper (the safety net, every 10 s by default) is held off and the lapse grace is 0: this measures
 * the expiration path, from the moment an order's window closes.
 */
export async function expiration(): Promise<void> {
  await withPlatform(
    {
      eventBus: 'stan',
      expirationWindowSeconds: WINDOW_SECONDS,
      lapseGraceSeconds: 0,
      sweepIntervalMs: 3_600_000,
    },
    async (bench) => {
      const total = PHASES.reduce((sum, { orders }) => sum + orders, 0);
      const { listings } = await listTickets(bench, total);
      const observer = await observe(bench, [
        { subject: 'order:created', key: (data) => String(data.id) },
        { subject: 'expiration:complete', key: (data) => String(data.orderId) },
        { subject: 'order:cancelled', key: (data) => String(data.id) },
      ]);
      const phases: Phase[] = [];
      let next = 0;
      for (const { orders, graceMs } of PHASES) {
        phases.push(await phase(bench, observer, listings.slice(next, next + orders), graceMs));
        next += orders;
      }
      await observer.close();

      const labels: [keyof Phase['latenessMs'], string][] = [
        ['orderCancelled', 'order cancelled (order:cancelled out) after expiresAt'],
        ['expirationComplete', 'expiration:complete out after expiresAt'],
        ['expirationServiceAlone', '  expiration alone: after max(expiresAt, order:created out)'],
        ['ordersCompleteToCancelled', '  orders: expiration:complete -> order:cancelled out'],
        ['orderCreatedAfterPlacing', 'order:created out after the order was placed'],
      ];
      printTable(
        `Expiration precision, window ${WINDOW_SECONDS} s, orders placed over ${SPREAD_MS / 1000} s ` +
          '(ms; "out" = first delivered to a bus subscriber)',
        ['orders/s', 'moment', 'n', 'p50', 'p90', 'p99', 'max'],
        phases.flatMap((p) =>
          labels.map(([key, label]) => {
            const s = p.latenessMs[key];
            return [
              fmt((p.placed * 1000) / p.placedMs),
              label,
              s.n,
              fmt(s.p50),
              fmt(s.p90),
              fmt(s.p99),
              fmt(s.max),
            ];
          }),
        ),
      );
      for (const p of phases) {
        const commands = p.databaseCommandsPerOrder;
        console.log(
          `  ${p.placed} orders: ${p.notCancelled} not cancelled by the end of the wait, ${p.refused.length} refused` +
            (commands
              ? `; database commands per order (all services): ${Object.entries(commands)
                  .map(([kind, count]) => `${kind} ${fmt(count)}`)
                  .join(', ')}`
              : ''),
        );
      }
      writeResult('expiration', {
        windowSeconds: WINDOW_SECONDS,
        spreadMs: SPREAD_MS,
        sweeper: 'held off (interval 1 h) so that only the expiration service cancels',
        measuredAs: 'first delivery to a bus subscriber minus the order expiresAt',
        phases,
      });
    },
  );
}
