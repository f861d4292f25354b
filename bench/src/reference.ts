/**
 * Reference benchmark: what `GET /api/tickets/:id` costs without the service's stack. Two reference servers
 * (reference-server.ts, the same read and answer: Node's bare HTTP server, and the leanest Express app) are loaded
 * as `browse` loads the tickets service, straight and through the gateway, at 64 connections on 1,000 tickets,
 * with the CPU each process used per request. Tells how far the service is from the floor of this machine and
 * from a minimal Express app. Part of npm run bench (name: reference).
 */
import { cpuDuring } from './lib/cpu';
import { startGatewayProcess, startServerProcess } from './lib/server-process';
import { load } from './lib/load';
import { printTable, writeResult } from './lib/report';
import { fmt } from './lib/stats';
import { startTicketStore } from './lib/ticket-store';

const TICKETS = 1_000;
const KINDS = ['node', 'express'] as const;
const SECONDS = 10;

export async function reference(): Promise<void> {
  const store = await startTicketStore(TICKETS);
  const rows: (string | number)[][] = [];
  const results: Record<string, unknown>[] = [];
  try {
    const { uri, ids } = store;
    const paths = ids.map((id) => `/api/tickets/${id.toHexString()}`);
    for (const kind of KINDS) {
      const server = await startServerProcess('reference-server.ts', [uri, kind]);
      const gateway = await startGatewayProcess({ tickets: server.port });
      try {
        const pids = {
          server: server.pid,
          gateway: gateway.pid,
          database: store.pid,
          'load generator': process.pid,
        };
        for (const [via, url] of [
          ['direct', server.url],
          ['gateway', gateway.url],
        ] as const) {
          await load({ url, paths, durationSeconds: 2 });
          const { result, cores, wallSeconds } = await cpuDuring(pids, () =>
            load({ url, paths, durationSeconds: SECONDS }),
          );
          const msPerRequest = (name: keyof typeof pids) =>
            fmt(((cores[name] ?? NaN) * wallSeconds * 1000) / result.requests);
          rows.push([
            kind === 'node' ? 'Node http + driver' : 'Express + driver',
            via,
            fmt(result.requestsPerSecond),
            fmt(result.latencyMs.p50),
            fmt(result.latencyMs.p99),
            result.non2xx + result.errors,
            msPerRequest('server'),
            via === 'direct' ? '-' : msPerRequest('gateway'),
            msPerRequest('database'),
            msPerRequest('load generator'),
          ]);
          results.push({ kind, via, load: result, cores, wallSeconds });
        }
      } finally {
        await gateway.stop();
        await server.stop();
      }
    }
    printTable(
      `Reference GET /api/tickets/:id, ${TICKETS} tickets, 64 connections, ${SECONDS} s (ms)`,
      [
        'server',
        'via',
        'req/s',
        'p50',
        'p99',
        'non-2xx/errors',
        'CPU ms/req: server',
        'gateway',
        'database',
        'load generator',
      ],
      rows,
    );
    writeResult('reference', { tickets: TICKETS, seconds: SECONDS, connections: 64, results });
  } finally {
    await store.stop();
  }
}
