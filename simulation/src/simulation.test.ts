import { useSimulation } from './harness';
import { checkSchedules } from './property';

const services = useSimulation();

const number = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : Number(value);

describe('the event pipeline under generated schedules', () => {
  it('when events are delayed, reordered, repeated and overlapped, processes crash and the processor fails, then every invariant holds', async () => {
    const { ran, failure } = await checkSchedules(services(), {
      runs: number(process.env.SIM_RUNS) ?? 200,
      seed: number(process.env.SIM_SEED),
      path: process.env.SIM_PATH || undefined,
      timeLimitMs: number(process.env.SIM_TIME_LIMIT_MS) ?? 150_000,
    });
    console.log(`simulation: ${ran} schedules run`);
    if (failure) throw new Error(failure);
  });
});
