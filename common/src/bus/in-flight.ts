/** Tracks running handlers so that close() can wait for them, and bounds how many run at once. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once fewer than `limit` handlers run. */
  async waitBelow(limit: number): Promise<void> {
    while (this.running.size >= limit) await Promise.race(this.running).catch(() => undefined);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
