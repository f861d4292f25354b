/** One thing that happens at a simulated time: a delivery, a buyer's request, a sweep, a processor's answer. */
interface Task {
  at: number;
  seq: number;
  label: string;
  run: () => Promise<void>;
}

/**
 * The simulated clock and its agenda. Tasks run one at a time in (time, insertion) order; before each, the
 * system time (jest's faked Date, the only clock the services read) is set to the task's time, so order windows,
 * grace periods and ack waits all pass in simulated time.
 */
export class Scheduler {
  private readonly tasks: Task[] = [];
  private seq = 0;
  private time: number;
  private readonly origin: number;
  /** The labels of the tasks run, in order: what a failing schedule prints. */
  readonly trace: string[] = [];

  constructor(
    start: number,
    private readonly setTime: (ms: number) => void,
    private readonly afterEach: () => Promise<void>,
  ) {
    this.time = start;
    this.origin = start;
    setTime(start);
  }

  now(): number {
    return this.time;
  }

  at(time: number, label: string, run: () => Promise<void>): void {
    this.tasks.push({ at: Math.max(time, this.time), seq: this.seq++, label, run });
  }

  after(delayMs: number, label: string, run: () => Promise<void>): void {
    this.at(this.time + delayMs, label, run);
  }

  /** Runs `run` every `intervalMs` until `until` (a periodic worker); only what it notes enters the trace. */
  every(intervalMs: number, until: number, run: () => Promise<void>): void {
    const tick = async () => {
      await run();
      if (this.time + intervalMs <= until) this.at(this.time + intervalMs, '', tick);
    };
    this.at(this.time + intervalMs, '', tick);
  }

  /**
   * Takes the next task due within `withinMs` out of the agenda, for the caller to run at the same time as its
   * own work (a deliberate overlap); it is traced as overlapping.
   */
  takeNextWithin(withinMs: number): (() => Promise<void>) | undefined {
    const next = this.popNext(this.time + withinMs);
    if (!next) return undefined;
    if (next.label)
      this.trace.push(`${this.stamp(this.time)} (overlapping, due at ${this.stamp(next.at)}) ${next.label}`);
    return next.run;
  }

  private stamp(at: number): string {
    return `${((at - this.origin) / 1000).toFixed(3)}s`;
  }

  /** Adds a line to the trace (what a step found). */
  note(line: string): void {
    this.trace.push(line);
  }

  get pending(): number {
    return this.tasks.length;
  }

  /** Runs tasks until none is left (or `until`, when given, has passed). */
  async drain(until = Infinity): Promise<void> {
    for (;;) {
      const next = this.popNext(until);
      if (!next) return;
      this.time = next.at;
      this.setTime(next.at);
      if (next.label) this.trace.push(`${this.stamp(next.at)} ${next.label}`);
      await next.run();
      await this.afterEach();
    }
  }

  private popNext(until: number): Task | undefined {
    let best = -1;
    for (let i = 0; i < this.tasks.length; i += 1) {
      const task = this.tasks[i]!;
      const current = best < 0 ? undefined : this.tasks[best]!;
      if (!current || task.at < current.at || (task.at === current.at && task.seq < current.seq)) best = i;
    }
    if (best < 0 || this.tasks[best]!.at > until) return undefined;
    return this.tasks.splice(best, 1)[0];
  }
}
