import { join } from 'node:path';
import type { ServiceName } from '@ticketing/tools';
import { withPlatform, type BenchPlatform } from './lib/bench-platform';
import { summarizeProfile, type ProfileSummary } from './lib/cpu-profile';
import { cpuDuring, settle } from './lib/cpu';
import { load } from './lib/load';
import { profileService } from './lib/profiled-service';
import { printTable, RESULTS_DIR, writeResult } from './lib/report';
import { listTickets, type Listing } from './lib/seed';
import { fmt } from './lib/stats';

const SECONDS = 15;

interface Scenario {
  name: string;
  service: ServiceName;
  /** The load, straight to the service (the gateway is not what is profiled). */
  run(bench: BenchPlatform, listings: Listing[]): Promise<number>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'GET /api/tickets (first page of 1,000)',
    service: 'tickets',
    run: async (bench) =>
      (await load({ url: bench.serviceUrl('tickets'), paths: ['/api/tickets'], durationSeconds: SECONDS }))
        .requestsPerSecond,
  },
  {
    name: 'GET /api/tickets/:id',
    service: 'tickets',
    run: async (bench, listings) =>
      (
        await load({
          url: bench.serviceUrl('tickets'),
          paths: listings.map(({ ticket }) => `/api/tickets/${ticket.id}`),
          durationSeconds: SECONDS,
        })
      ).requestsPerSecond,
  },
];

/**
 * Where the time goes: each scenario's service is restarted under node --cpu-prof, loaded for 15 s at 64
 * connections, and its profile summarised (self time by library and by function), next to the CPU share
 * every process of the platform used meanwhile (the database's share shows what the service waits on).
 */
export async function profile(): Promise<void> {
  await withPlatform({ eventBus: 'stan' }, async (bench) => {
    const { listings } = await listTickets(bench, 1_000);
    const reports: {
      scenario: string;
      service: string;
      requestsPerSecond: number;
      cores: Record<string, number>;
      profile: ProfileSummary;
    }[] = [];
    for (const [index, scenario] of SCENARIOS.entries()) {
      await settle(bench.pids());
      const profiling = await profileService(
        bench,
        scenario.service,
        join(RESULTS_DIR, `profile-${index + 1}`),
      );
      const pids = { ...bench.pids(), [scenario.service]: profiling.pid };
      const { result, cores } = await cpuDuring(pids, () => scenario.run(bench, listings));
      const file = await profiling.stop();
      const summary = summarizeProfile(file);
      reports.push({
        scenario: scenario.name,
        service: scenario.service,
        requestsPerSecond: result,
        cores,
        profile: summary,
      });
      printTable(
        `Profile: ${scenario.name}, ${scenario.service} service, ${fmt(result)} req/s; ` +
          `service busy ${fmt(summary.busyPercent)}% of the time. CPU (cores) meanwhile: ` +
          Object.entries(cores)
            .filter(([, used]) => used >= 0.05)
            .map(([name, used]) => `${name} ${used}`)
            .join(', '),
        ['self time by area', '%'],
        summary.byArea.slice(0, 8).map((area) => [area.area, fmt(area.selfPercent)]),
      );
      printTable(
        'top frames (self time)',
        ['frame', 'area', '%'],
        summary.topFrames
          .slice(0, 12)
          .map((frame) => [frame.frame.slice(0, 90), frame.area, fmt(frame.selfPercent)]),
      );
      console.log(`  (profile: ${file}; open it in Chrome DevTools > Performance)`);
    }
    writeResult('profile', { seconds: SECONDS, connections: 64, reports });
  });
}
