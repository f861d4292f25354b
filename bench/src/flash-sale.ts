import type { OrderJson } from '../../e2e/src/support/api';
import { withPlatform, type BenchPlatform } from './lib/bench-platform';
import type { Answer } from './lib/http';
import { printTable, shout, writeResult } from './lib/report';
import { listTickets } from './lib/seed';
import { fmt, summarize, tally, type Summary } from './lib/stats';

interface Rush {
  scenario: string;
  buyers: number;
  tickets: number;
  wallMs: number;
  answersPerSecond: number;
  ordersCreated: number;
  latencyMs: Summary;
  statuses: Record<string, number>;
  /** How many tickets had 0, 1, 2... winners (201 answers); every ticket must have exactly one. */
  winnersPerTicket: Record<string, number>;
  /** The same, counted from the orders database: live orders holding each ticket's lock. */
  liveOrdersPerTicket: Record<string, number>;
}

/** Every buyer asks for their ticket at the same moment, through the gateway; buyer i wants ticket i mod n. */
async function rush(bench: BenchPlatform, scenario: string, buyers: number, tickets: number): Promise<Rush> {
  const { listings } = await listTickets(bench, tickets);
  const ticketIds = listings.map(({ ticket }) => ticket.id);
  const sessions = Array.from({ length: buyers }, () => bench.session());
  const started = performance.now();
  const answers: Answer<OrderJson>[] = await Promise.all(
    sessions.map((buyer, index) =>
      buyer.call<OrderJson>('POST', '/api/orders', { ticketId: ticketIds[index % tickets] }),
    ),
  );
  const wallMs = performance.now() - started;

  const winners = new Map<string, number>(ticketIds.map((id) => [id, 0]));
  answers.forEach((answer, index) => {
    const id = ticketIds[index % tickets]!;
    if (answer.status === 201) winners.set(id, (winners.get(id) ?? 0) + 1);
  });
  const orders = bench.database('orders').collection('orders');
  const live = await Promise.all(ticketIds.map((id) => orders.countDocuments({ lockKey: id })));
  return {
    scenario,
    buyers,
    tickets,
    wallMs,
    answersPerSecond: (answers.length * 1000) / wallMs,
    ordersCreated: answers.filter((answer) => answer.status === 201).length,
    latencyMs: summarize(answers.map((answer) => answer.ms)),
    statuses: tally(answers.map((answer) => answer.error ?? answer.status)),
    winnersPerTicket: tally([...winners.values()]),
    liveOrdersPerTicket: tally(live),
  };
}

/**
 * Flash sale: 500 buyers at the same moment on one ticket, then 2,000 buyers at once spread over 200 tickets
 * (10 each). Prints the answer rate, the latency each buyer saw, and how many won each ticket: exactly one must.
 */
export async function flashSale(): Promise<void> {
  await withPlatform({ eventBus: 'stan' }, async (bench) => {
    const rushes = [
      await rush(bench, '500 buyers, 1 ticket', 500, 1),
      await rush(bench, '2,000 buyers, 200 tickets', 2_000, 200),
    ];
    printTable(
      'Flash sale: POST /api/orders all at once through the gateway (latency in ms, as each buyer saw it)',
      [
        'scenario',
        'answers/s',
        'orders',
        'p50',
        'p99',
        'max',
        'statuses',
        'winners/ticket',
        'live orders/ticket',
      ],
      rushes.map((r) => [
        r.scenario,
        fmt(r.answersPerSecond),
        r.ordersCreated,
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p99),
        fmt(r.latencyMs.max),
        Object.entries(r.statuses)
          .map(([status, count]) => `${count}x${status}`)
          .join(' '),
        describe(r.winnersPerTicket),
        describe(r.liveOrdersPerTicket),
      ]),
    );
    for (const r of rushes) {
      const wrong = Object.keys(r.winnersPerTicket).filter((winners) => winners !== '1');
      const wrongLive = Object.keys(r.liveOrdersPerTicket).filter((count) => count !== '1');
      if (wrong.length > 0 || wrongLive.length > 0) {
        shout(
          `${r.scenario}: NOT exactly one winner per ticket: winners ${describe(r.winnersPerTicket)}, ` +
            `live orders ${describe(r.liveOrdersPerTicket)}`,
        );
      } else {
        console.log(`  ${r.scenario}: exactly one winner for each of the ${r.tickets} ticket(s)`);
      }
    }
    writeResult('flash-sale', { gateway: 'separate process', rushes });
  });
}

/** {"1": 200} -> "200 x 1". */
function describe(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([value, tickets]) => `${tickets} x ${value}`)
    .join(', ');
}
