import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { runSchedule } from './run-schedule';
import { scheduleArbitrary, type Schedule } from './schedule';
import type { Services } from './services';

export interface CheckOptions {
  runs: number;
  seed?: number;
  /** fast-check's path to one counterexample (from a failure report): replays just that schedule. */
  path?: string;
  /**
   * Stops starting new schedules (and shrinking) after this long of real time. fast-check's own time limit cannot
   * serve: it reads the faked Date, and it abandons a run in the middle, which would then overlap the next one.
   */
  timeLimitMs?: number;
  /** Violations whose text contains one of these are not counted (to look past a known defect while it is fixed). */
  ignore?: string[];
}

class InvariantBroken extends Error {
  constructor(readonly violations: string[]) {
    super(violations.join('\n'));
  }
}

/** Everything needed to understand and replay a failing schedule. */
export function failureReport(
  schedule: Schedule,
  result: { violations: string[]; trace: string[] },
  replay?: { seed: number; path: string; shrinks: number },
): string {
  return [
    'A schedule broke an invariant:',
    ...result.violations.map((v) => `  - ${v}`),
    '',
    `Schedule (keep it as a named test in simulation/src/schedules/): ${JSON.stringify(schedule)}`,
    ...(replay
      ? [
          `fast-check seed ${replay.seed}, path ${replay.path} (shrunk ${replay.shrinks} times); replay with:`,
          `  npm run simulate -- --seed ${replay.seed} --path ${replay.path}`,
        ]
      : []),
    '',
    'Trace (simulated seconds):',
    ...result.trace.map((line) => `  ${line}`),
  ].join('\n');
}

export interface CheckResult {
  /** Schedules run, shrinking included. */
  ran: number;
  /** Schedules run that held before the first failure (all of those run when none failed). */
  passed: number;
  /** Schedules not run (nor shrinking steps tried) because the time limit had passed. */
  skipped: number;
  /** The fast-check seed used (replays the same schedules). */
  seed: number;
  /** The report of a failing schedule, if one failed. */
  failure?: string;
}

/**
 * Runs `runs` generated schedules; on a failure, fast-check shrinks it to a smallest failing schedule, which is
 * run once more for its trace.
 */
export async function checkSchedules(services: Services, options: CheckOptions): Promise<CheckResult> {
  const deadline = performance.now() + (options.timeLimitMs ?? Infinity);
  let ran = 0;
  let skipped = 0;
  let firstFailure: number | undefined;
  const details = await fc.check(
    fc.asyncProperty(scheduleArbitrary, async (schedule) => {
      // Out of time: the schedules not run count as passed, and shrinking keeps the smallest failure so far.
      if (performance.now() > deadline) {
        skipped += 1;
        return;
      }
      ran += 1;
      const result = await runSchedule(services, schedule);
      const counted = result.violations.filter((v) => !options.ignore?.some((known) => v.includes(known)));
      if (counted.length > 0) {
        firstFailure ??= ran;
        throw new InvariantBroken(counted);
      }
    }),
    {
      numRuns: options.runs,
      seed: options.seed,
      path: options.path,
      endOnFailure: options.path !== undefined,
    },
  );
  const summary = {
    ran,
    passed: firstFailure === undefined ? ran : firstFailure - 1,
    skipped,
    seed: details.seed,
  };
  if (!details.failed) return summary;
  const [schedule] = details.counterexample ?? [];
  if (!schedule) {
    return {
      ...summary,
      failure: `the property failed without a counterexample: ${String(details.errorInstance)}`,
    };
  }
  const result = await runSchedule(services, schedule);
  if (result.violations.length === 0) {
    result.violations.push(
      `(did not fail again when replayed) first failure: ${String(details.errorInstance)}`,
    );
  }
  return {
    ...summary,
    failure: failureReport(schedule, result, {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      shrinks: details.numShrinks,
    }),
  };
}
