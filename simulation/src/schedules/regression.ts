import { SCHEDULES_TIMEOUT_MS, useSimulation } from '../harness';
import { failureReport } from '../property';
import { runSchedule } from '../run-schedule';
import type { Schedule } from '../schedule';

/**
 * A schedule that once broke an invariant, kept as a test: it runs the schedule (its seed fixes the broker's
 * delays and faults) and fails with the violations and the trace if any invariant breaks again.
 */
export function keepsInvariants(title: string, schedule: Schedule): void {
  const services = useSimulation();
  it(
    title,
    async () => {
      const result = await runSchedule(services(), schedule);
      if (result.violations.length > 0) throw new Error(failureReport(schedule, result));
    },
    SCHEDULES_TIMEOUT_MS,
  );
}

/** A broker that delays each message by up to `maxDelayMs` and is otherwise well behaved. */
export const slowBus = (maxDelayMs: number): Schedule['bus'] => ({
  maxDelayMs,
  duplicatePct: 0,
  overlapPct: 0,
  ackLostPct: 0,
  publishLostPct: 0,
});

/** A card that pays, without webhooks or search lag. */
export const goodCard = {
  card: 'good',
  webhook: 'never',
  searchLagMs: 0,
  answerDelayMs: 1_000,
  refundFailures: 0,
} as const;
