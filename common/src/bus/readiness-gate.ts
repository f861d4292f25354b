import { runChecks, type ReadinessCheck } from '../http/health';
import { logger } from '../logger';
import { PeriodicWorker } from '../periodic-worker';
import type { EventBus } from './event-bus';

/** How often the gate looks at the readiness checks. */
export const READINESS_POLL_MS = 1_000;

/**
 * A service that is not ready takes no messages: the gate looks at the service's readiness checks (those its
 * /readyz decides on: the database) and pauses the bus while one fails, resuming it once they all pass. Messages
 * then wait at the broker or go to a replica that is ready, instead of failing here one after the other.
 */
export class ReadinessGate extends PeriodicWorker {
  private paused = false;

  constructor(
    private readonly bus: Pick<EventBus, 'pause' | 'resume'>,
    private readonly checks: Record<string, ReadinessCheck>,
    intervalMs = READINESS_POLL_MS,
  ) {
    super(intervalMs, 'readiness check of the bus');
  }

  /** One look: pauses the bus when a check fails, resumes it when all pass again. Resolves to "ready". */
  async check(): Promise<boolean> {
    const results = await runChecks(this.checks);
    const failing = Object.keys(results).filter((name) => !results[name]);
    if (failing.length > 0 && !this.paused) {
      this.paused = true;
      logger.warn({ failing }, 'not ready: the bus takes no messages until it is');
      await this.bus.pause();
    } else if (failing.length === 0 && this.paused) {
      this.paused = false;
      logger.info('ready again: the bus takes messages');
      await this.bus.resume();
    }
    return failing.length === 0;
  }

  protected runOnce(): Promise<boolean> {
    return this.check();
  }
}
