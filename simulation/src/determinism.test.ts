import fc from 'fast-check';
import { SCHEDULES_TIMEOUT_MS, useSimulation } from './harness';
import { runSchedule } from './run-schedule';
import { scheduleArbitrary, type Schedule } from './schedule';

const services = useSimulation();

/** Schedules without the deliberate overlaps (two copies at once, a late answer beside the next task). */
const sequential = (schedule: Schedule): Schedule => ({
  ...schedule,
  bus: { ...schedule.bus, overlapPct: 0 },
  steps: schedule.steps.map((step) =>
    step.kind === 'pay' && step.plan.card === 'late'
      ? { ...step, plan: { ...step.plan, card: 'good' } }
      : step,
  ),
});

describe('replaying a schedule', () => {
  it(
    'when a schedule without overlaps runs twice, then both runs take the same steps in the same order',
    async () => {
      for (const schedule of fc.sample(scheduleArbitrary, { seed: 7, numRuns: 3 }).map(sequential)) {
        const first = await runSchedule(services(), schedule);
        const second = await runSchedule(services(), schedule);
        expect(second.trace).toEqual(first.trace);
        expect(second.violations).toEqual(first.violations);
        expect(first.trace.length).toBeGreaterThan(schedule.prices.length);
      }
    },
    SCHEDULES_TIMEOUT_MS,
  );
});
