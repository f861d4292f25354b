/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Restarts as Kubernetes spaces them: doubling from the first delay up to a cap, forgotten after a long run. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** A part that ran this long since it was last started counts its next restart as the first again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/**
 * The restart that follows an exit: its number and its delay, given how many came before and how long the part ran.
 */
export function nextRestart(
  restartsBefore: number,
  ranMs: number,
  backoff: Backoff,
): { restart: number; delayMs: number } {
  const restart = ranMs >= backoff.resetAfterMs ? 1 : restartsBefore + 1;
  return { restart, delayMs: Math.min(backoff.firstMs * 2 ** (restart - 1), backoff.maxMs) };
}

export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

const formatDelay = (ms: number) => (ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`);

/** What a supervisor drives: a part of the platform that can be started again after it died. */
export interface Restartable {
  readonly pid: number | undefined;
  start(): Promise<void>;
}

/**
 * Restarts a running part that exits on its own, with backoff, saying so. A part is wanted up from each start until
 * a stop: a stop asked for (a test's, or the platform's shutdown) is never undone, and an exit after it restarts
 * nothing.
 */
export class Supervisor {
  private wanted = true;
  private enabled = true;
  private restarts = 0;
  private startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly name: string,
    private readonly part: Restartable,
    private readonly log: (line: string) => void,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {}

  /** True while a restart waits for its delay to pass. */
  get restartPending(): boolean {
    return this.timer !== undefined;
  }

  /** The part is being started (by anyone): it is wanted up, and any restart waiting is superseded. */
  starting(): void {
    this.wanted = true;
    this.startedAt = Date.now();
    this.cancel();
  }

  /** A stop was asked for: nothing restarts the part until it is started again. */
  stopping(): void {
    this.wanted = false;
    this.cancel();
  }

  /** Turns supervision off for good (the platform's shutdown, before it stops anything). */
  disable(): void {
    this.enabled = false;
    this.cancel();
  }

  /** The part's process ended. */
  exited(status: ExitStatus): void {
    if (!this.enabled || !this.wanted || this.timer) return;
    const { restart, delayMs } = nextRestart(this.restarts, Date.now() - this.startedAt, this.backoff);
    this.restarts = restart;
    this.log(
      `${this.name} exited (${describeExit(status)}); restarting in ${formatDelay(delayMs)} (restart ${restart})`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A start that fails ends in an exit of its process, which schedules the next restart.
      this.part.start().then(
        () => this.log(`${this.name} restarted (pid ${this.part.pid})`),
        (err: Error) => this.log(`${this.name} did not start again: ${err.message}`),
      );
    }, delayMs);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
