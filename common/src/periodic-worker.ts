import { logger } from './logger';
import type { Worker } from './service';

/**
 * A worker that runs one pass every `intervalMs` (the orders sweeper, the payments reconciler). A pass still
 * running when the next tick comes (a slow database) is never overlapped; a failed pass is logged and the next
 * tick tries again; stop() waits for the pass in progress.
 */
export abstract class PeriodicWorker implements Worker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  protected constructor(
    private readonly intervalMs: number,
    /** Names the work in the logs, e.g. "order sweep". */
    private readonly description: string,
  ) {}

  /** One pass of the work. */
  protected abstract runOnce(): Promise<unknown>;

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => logger.error({ err }, `${this.description} failed`))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
