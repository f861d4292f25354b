/**
 * The handlers of one process: bounds how many run at once across all its subscriptions (`limit`), queues the
 * rest in arrival order, and lets close() wait for every one of them.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.running.size;
  }

  /** Runs work once fewer than `limit` handlers run; the returned promise settles when the work does. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const task = this.acquire()
      .then(work)
      .finally(() => this.release());
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /** Resolves once fewer than `limit` handlers run (for transports that pull, so they pull no further ahead). */
  async waitBelow(limit = this.limit): Promise<void> {
    while (this.active >= limit) await Promise.race(this.running).catch(() => undefined);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue.push(() => {
        this.active += 1;
        resolve();
      }),
    );
  }

  private release(): void {
    this.active -= 1;
    this.queue.shift()?.();
  }
}
