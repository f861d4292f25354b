import { withPlatform } from './lib/bench-platform';
import { cpuDuring, settle } from './lib/cpu';
import { load, type LoadResult } from './lib/load';
import { rssOf, sampleRss } from './lib/memory';
import { fmt } from './lib/stats';
import { printTable, writeResult } from './lib/report';
import { listTickets } from './lib/seed';
import { sleep } from '../../e2e/src/support/api';
import { timedFetch } from './lib/http';
import type { TicketJson } from '../../e2e/src/support/api';

const TICKETS = 1_000;
/** One genre a ticket, in turn: a search for one of them matches a tenth of the tickets. */
const GENRES = ['jazz', 'opera', 'rock', 'folk', 'ballet', 'techno', 'blues', 'soul', 'reggae', 'punk'];
const titleOf = (index: number) => `Bench ${GENRES[index % GENRES.length]} night ${index}`;
/** The searches measured: words with a price sort, then with a price range too (Search in performance.md). */
const SEARCHES = [
  { route: 'GET /api/tickets?q=jazz&sort=price_asc', path: '/api/tickets?q=jazz&sort=price_asc' },
  {
    route: 'GET /api/tickets?q=jazz&sort=price_asc&minPrice=20&maxPrice=60',
    path: '/api/tickets?q=jazz&sort=price_asc&minPrice=20&maxPrice=60',
  },
  {
    route: 'GET /api/tickets?sort=price_asc&minPrice=20&maxPrice=60',
    path: '/api/tickets?sort=price_asc&minPrice=20&maxPrice=60',
  },
];
const CONNECTIONS = 64;
const SECONDS = 10;
const WARM_UP_SECONDS = 2;

/**
 * Browsing: GET /api/tickets (the first page, 50 of 1,000 tickets for sale) and GET /api/tickets/:id (ids in
 * turn), each through the gateway and straight to the tickets service, 64 connections for 10 s; then searches
 * (SEARCHES: a tenth of the titles match the word) straight to the service at 4 and 64 connections. Also the
 * RSS of every process idle and at its peak under this load.
 */
export async function browse(): Promise<void> {
  await withPlatform({ eventBus: 'stan' }, async (bench) => {
    await sleep(2_000);
    const pids = bench.pids();
    const idle = rssOf(pids);

    const { listings, listedMs, sellableMs } = await listTickets(bench, TICKETS, undefined, titleOf);
    console.log(
      `  listed ${TICKETS} tickets in ${(listedMs / 1000).toFixed(1)} s ` +
        `(${fmt((TICKETS * 1000) / listedMs)}/s); all sellable after ${(sellableMs / 1000).toFixed(1)} s`,
    );
    const firstPage = await timedFetch<TicketJson[]>(`${bench.url}/api/tickets`);
    console.log(`  GET /api/tickets answers ${firstPage.body.length} tickets a page`);

    const ticketPaths = listings.map(({ ticket }) => `/api/tickets/${ticket.id}`);
    const tickets = bench.serviceUrl('tickets');
    const matches: Record<string, number> = {};
    for (const { route, path } of SEARCHES) {
      matches[route] = await countAll(`${tickets}${path}`);
      console.log(`  ${route} matches ${matches[route]} tickets`);
    }
    const searchTargets = SEARCHES.flatMap(({ route, path }) => [
      { route, via: 'direct', url: tickets, paths: [path], connections: 4 },
      { route, via: 'direct', url: tickets, paths: [path] },
    ]);
    const targets = [
      // 64 at once overloads the database on this path; 4 shows what it does below saturation.
      { route: 'GET /api/tickets', via: 'direct', url: tickets, paths: ['/api/tickets'], connections: 4 },
      { route: 'GET /api/tickets', via: 'gateway', url: bench.url, paths: ['/api/tickets'] },
      { route: 'GET /api/tickets', via: 'direct', url: tickets, paths: ['/api/tickets'] },
      { route: 'GET /api/tickets/:id', via: 'gateway', url: bench.url, paths: ticketPaths },
      { route: 'GET /api/tickets/:id', via: 'direct', url: tickets, paths: ticketPaths },
      ...searchTargets,
    ];
    const peakSampler = sampleRss(pids);
    const runs: (LoadResult & { route: string; via: string; cpuMsPerRequest: Record<string, number> })[] = [];
    for (const target of targets) {
      const connections = target.connections ?? CONNECTIONS;
      await settle(pids);
      await load({ ...target, connections, durationSeconds: WARM_UP_SECONDS });
      const { result, cores, wallSeconds } = await cpuDuring(pids, () =>
        load({ ...target, connections, durationSeconds: SECONDS }),
      );
      // CPU time each process spent per answered request: where the time goes, and less noisy than req/s.
      const cpuMsPerRequest = Object.fromEntries(
        Object.entries(cores).map(([name, used]) => [name, (used * wallSeconds * 1000) / result.requests]),
      );
      runs.push({ route: target.route, via: target.via, ...result, cpuMsPerRequest });
      console.log(
        `  ${target.route} via ${target.via} (${connections}): ${fmt(result.requestsPerSecond)} req/s`,
      );
    }
    const peak = peakSampler.stop();

    printTable(
      `Browse: ${TICKETS} tickets for sale, ${SECONDS} s each (latency in ms)`,
      [
        'route',
        'via',
        'connections',
        'req/s',
        'p50',
        'p99',
        'max',
        'non-2xx',
        'errors',
        'CPU ms/req: tickets',
        'gateway',
        'database',
      ],
      runs.map((run) => [
        run.route,
        run.via,
        run.connections,
        fmt(run.requestsPerSecond),
        fmt(run.latencyMs.p50),
        fmt(run.latencyMs.p99),
        fmt(run.latencyMs.max),
        run.non2xx,
        run.errors,
        fmt(run.cpuMsPerRequest.tickets),
        run.via === 'gateway' ? fmt(run.cpuMsPerRequest.gateway) : '-',
        fmt(run.cpuMsPerRequest.mongodb),
      ]),
    );
    printTable(
      'Memory: RSS in MiB (VmRSS), idle after start and peak during the browse load',
      ['process', 'idle', 'peak under browse'],
      Object.keys(pids).map((name) => [name, fmt(idle[name]), fmt(peak[name])]),
    );
    writeResult('browse', {
      tickets: TICKETS,
      searchMatches: matches,
      pageSize: firstPage.body.length,
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      listing: { tickets: TICKETS, listedMs, sellableMs },
      runs,
    });
    writeResult('memory', {
      unit: 'MiB (VmRSS from /proc/<pid>/status)',
      load: 'the browse benchmark',
      processes: Object.fromEntries(
        Object.keys(pids).map((name) => [name, { idle: idle[name], peakUnderBrowse: peak[name] }]),
      ),
    });
  });
}

/** How many tickets a list query finds in all, following its next links 100 at a time. */
async function countAll(firstUrl: string): Promise<number> {
  const url = new URL(firstUrl);
  url.searchParams.set('limit', '100');
  let count = 0;
  for (let next: string | undefined = url.href; next;) {
    const response: Response = await fetch(next);
    count += ((await response.json()) as unknown[]).length;
    const target: string | undefined = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    next = target ? new URL(target, url).href : undefined;
  }
  return count;
}
