import { performance } from 'node:perf_hooks';
import { SCHEDULES_TIMEOUT_MS, useSimulation } from './harness';
import { checkSchedules } from './property';

const services = useSimulation();

const number = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : Number(value);

// npm test runs a fixed set of schedules (a fixed seed, so a failure there is never a matter of luck);
// `npm run simulate` runs more, from a seed of its own unless told one.
const DEFAULT_SEED = 25;
const DEFAULT_RUNS = 400;

describe('the event pipeline under generated schedules', () => {
  it(
    'when events are delayed, reordered, repeated and overlapped, processes crash and the processor fails, then every invariant holds',
    async () => {
      const started = performance.now();
      const { ran, passed, skipped, seed, failure } = await checkSchedules(services(), {
        runs: number(process.env.SIM_RUNS) ?? DEFAULT_RUNS,
        seed: process.env.SIM_SEED === 'random' ? undefined : (number(process.env.SIM_SEED) ?? DEFAULT_SEED),
        path: process.env.SIM_PATH || undefined,
        timeLimitMs: number(process.env.SIM_TIME_LIMIT_MS) ?? 170_000,
        ignore: process.env.SIM_IGNORE ? process.env.SIM_IGNORE.split('|') : undefined,
      });
      const seconds = Math.round((performance.now() - started) / 1000);
      console.log(
        `simulation (seed ${seed}): ${passed} schedules held; ${ran} run in ${seconds} s, shrinking included` +
          (skipped > 0 ? `; ${skipped} not run (time limit)` : ''),
      );
      if (failure) throw new Error(failure);
    },
    SCHEDULES_TIMEOUT_MS,
  );
});
