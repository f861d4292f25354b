import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVICES } from '@ticketing/tools';
import { sleep } from '../support/api';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { DeadLetterWatch } from './dead-letters';
import { FaultInjector } from './faults';
import { lifecycleViolations } from './invariants';
import { Market, type Answer } from './market';
import { observe } from './observe';
import { Random } from './random';
import { buildSchedule, describeFault, type Profile } from './schedule';

export type Transport = 'stan' | 'jetstream';

/** Orders lapse after a minute here, so that lapses happen inside a run and every order ends within it. */
export const CHAOS_WINDOW_SECONDS = 60;
/**
 * The production lapse grace: with payments' margin (a quarter of the window here, 15 s) it is the outage a payment
 * made in time rides out, and the longest fault of a schedule (a database cut of up to 95 s, each service's starting
 * up to 8 s after the others) must fit in it.
 */
export const CHAOS_LAPSE_GRACE_SECONDS = 120;
const WARM_UP_SECONDS = 45;
const READY_WITHIN_SECONDS = 120;

export interface ChaosOptions {
  seed: number;
  profile: Profile;
  transport: Transport;
  log: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  profile: Profile;
  transport: Transport;
  faults: string[];
  /** Every invariant that failed, one line each; empty when all held. */
  violations: string[];
  /** Counts: orders by status, answers by phase and status. */
  summary: string[];
}

/** The platform the chaos runs use: every service behind its own proxies, short order windows, a fast sweeper. */
export function startChaosPlatform(transport: Transport): Promise<TestPlatform> {
  return startTestPlatform(transport, {
    expirationWindowSeconds: CHAOS_WINDOW_SECONDS,
    lapseGraceSeconds: CHAOS_LAPSE_GRACE_SECONDS,
    sweepIntervalMs: 5_000,
    faultProxies: true,
  });
}

export function replayCommand(options: Pick<ChaosOptions, 'seed' | 'profile' | 'transport'>): string {
  return `npm run chaos -- --seed ${options.seed} --transport ${options.transport} --profile ${options.profile}`;
}

function tally(answers: readonly Answer[], keep: (answer: Answer) => boolean): string {
  const counts = new Map<string, number>();
  for (const answer of answers.filter(keep)) {
    const key = `${answer.route} ${answer.status || 'no answer'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, count]) => `${key} x ${count}`).join('; ') || 'none';
}

/** The services still not ready (GET /readyz) when the time is up; none once all are. */
async function notReadyAfter(platform: TestPlatform, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await Promise.all(
      SERVICES.map(async (name) => {
        try {
          const response = await fetch(`http://127.0.0.1:${platform.services[name].port}/readyz`, {
            signal: AbortSignal.timeout(5_000),
          });
          return response.ok ? undefined : `${name} (${response.status})`;
        } catch {
          return `${name} (no answer)`;
        }
      }),
    );
    const notReady = answers.filter((answer): answer is string => answer !== undefined);
    if (notReady.length === 0 || Date.now() > deadline) return notReady;
    await sleep(1_000);
  }
}

/** A failed run's logs outlive its platform: copied to .run/chaos/<transport>-<seed>-<profile>/. */
function keepLogs(platform: TestPlatform, options: ChaosOptions): string {
  const target = join(ROOT, '.run', 'chaos', `${options.transport}-${options.seed}-${options.profile}`);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(platform.dir, 'logs'), target, { recursive: true });
  return target;
}

/**
 * One seeded run: a mixed load through the profile's faults, then 30 s of load once they have cleared, then the
 * invariants once every order has had time to end (a window and its lapse grace, the sweeper, the reconciler).
 */
export async function runChaos(platform: TestPlatform, options: ChaosOptions): Promise<ChaosReport> {
  const { seed, profile, transport, log } = options;
  const schedule = buildSchedule(seed, profile);
  const market = new Market(platform.url, new Random(seed).fork('market'));
  const watch = new DeadLetterWatch(platform);
  const injector = new FaultInjector(platform, watch);
  const violations: string[] = [];
  let lifecycle: string[];
  log(`chaos seed ${seed} on ${transport}, ${profile}: ${schedule.length} faults`);
  await market.open(4, 10);
  watch.start();
  market.start();
  try {
    // Orders placed in the warm-up lapse during the first fault: expiration:complete then flows while it lasts.
    log(`  warm-up: ${WARM_UP_SECONDS} s of load`);
    await sleep(WARM_UP_SECONDS * 1_000);
    try {
      for (const { gapSeconds, fault } of schedule) {
        await sleep(gapSeconds * 1_000);
        log(`  fault: ${describeFault(fault)}`);
        await injector.run(fault);
      }
    } finally {
      await injector.healAll();
    }
    const notReady = await notReadyAfter(platform, READY_WITHIN_SECONDS * 1_000);
    if (notReady.length > 0)
      violations.push(`not ready ${READY_WITHIN_SECONDS} s after the faults cleared: ${notReady.join(', ')}`);
    log(
      `  faults cleared; ${notReady.length === 0 ? 'every service ready' : `not ready: ${notReady.join(', ')}`}; 30 s more load`,
    );
    market.phase = 'after';
    await sleep(30_000);
  } finally {
    // Also when a fault could not be applied: no buyer and no scrape may outlive the run.
    await market.stop();
    watch.stop();
  }

  const deadline = Date.now() + (CHAOS_WINDOW_SECONDS + CHAOS_LAPSE_GRACE_SECONDS + 240) * 1_000;
  for (;;) {
    const observed = await observe(platform, market);
    lifecycle = lifecycleViolations(observed);
    if (lifecycle.length === 0 || Date.now() > deadline) break;
    await sleep(10_000);
  }
  violations.push(...lifecycle);
  await watch.scrapeAll();
  const deadLetters = watch.deadLetters();
  if (deadLetters.length > 0) violations.push(`dead letters: ${deadLetters.join('; ')}`);
  const after5xx = (answer: Answer) => answer.phase === 'after' && answer.status >= 500;
  if (market.answers.some(after5xx))
    violations.push(`5xx once faults had cleared: ${tally(market.answers, after5xx)}`);

  const logs = violations.length > 0 ? keepLogs(platform, options) : undefined;
  const statuses = new Map<string, number>();
  const final = await observe(platform, market);
  for (const order of final.orders) statuses.set(order.status, (statuses.get(order.status) ?? 0) + 1);
  return {
    seed,
    profile,
    transport,
    faults: schedule.map(({ fault }) => describeFault(fault)),
    violations,
    summary: [
      `orders: ${[...statuses.entries()].map(([status, count]) => `${count} ${status}`).join(', ') || 'none'}`,
      `tickets: ${final.tickets.size}, sold ${[...final.tickets.values()].filter((t) => t.sold).length}`,
      ...(logs ? [`logs: ${logs}`] : []),
      `answers: ${market.answers.length}; 5xx or none while faulted: ${tally(market.answers, (a) => a.phase === 'faults' && (a.status >= 500 || a.status === 0))}`,
    ],
  };
}

export function formatReport(report: ChaosReport): string {
  const lines = [
    `chaos ${report.profile} on ${report.transport}, seed ${report.seed}: ${report.violations.length === 0 ? 'every invariant held' : `${report.violations.length} violations`}`,
    ...report.faults.map((fault) => `  fault: ${fault}`),
    ...report.summary.map((line) => `  ${line}`),
    ...report.violations.map((violation) => `  VIOLATION ${violation}`),
  ];
  if (report.violations.length > 0) lines.push(`  replay: ${replayCommand(report)}`);
  return lines.join('\n');
}
