import { DEFAULT_BACKOFF, nextRestart, Supervisor, type Restartable } from './supervisor';

describe('nextRestart', () => {
  it('when a part keeps dying, then each restart waits twice as long as the last, up to 30 s', () => {
    const delays: number[] = [];
    let restarts = 0;
    for (let i = 0; i < 7; i += 1) {
      const next = nextRestart(restarts, 500, DEFAULT_BACKOFF);
      restarts = next.restart;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(restarts).toBe(7);
  });

  it('when a part ran longer than the reset time before dying, then its restart is the first again', () => {
    expect(nextRestart(6, DEFAULT_BACKOFF.resetAfterMs, DEFAULT_BACKOFF)).toEqual({
      restart: 1,
      delayMs: 1_000,
    });
    expect(nextRestart(6, DEFAULT_BACKOFF.resetAfterMs - 1, DEFAULT_BACKOFF)).toEqual({
      restart: 7,
      delayMs: 30_000,
    });
  });
});

describe('Supervisor', () => {
  const part: Restartable = { pid: 42, start: () => Promise.resolve() };
  let lines: string[];
  let supervisor: Supervisor;
  beforeEach(() => {
    lines = [];
    supervisor = new Supervisor('orders', part, (line) => lines.push(line));
  });
  afterEach(() => supervisor.disable());

  it('when the part exits on its own, then a restart is scheduled and said', () => {
    supervisor.exited({ code: null, signal: 'SIGKILL' });
    expect(supervisor.restartPending).toBe(true);
    expect(lines).toEqual(['orders exited (signal SIGKILL); restarting in 1 s (restart 1)']);
  });

  it('when the part was stopped on purpose, then its exit restarts nothing until it is started again', () => {
    supervisor.stopping();
    supervisor.exited({ code: 0, signal: null });
    expect([supervisor.restartPending, lines]).toEqual([false, []]);
    supervisor.starting();
    supervisor.exited({ code: 1, signal: null });
    expect(lines).toEqual(['orders exited (code 1); restarting in 1 s (restart 1)']);
  });

  it('when a stop comes while a restart waits, then the restart is called off', () => {
    supervisor.exited({ code: 1, signal: null });
    supervisor.stopping();
    expect(supervisor.restartPending).toBe(false);
  });

  it('when supervision is turned off (the platform stops), then exits restart nothing', () => {
    supervisor.disable();
    supervisor.exited({ code: null, signal: 'SIGINT' });
    expect([supervisor.restartPending, lines]).toEqual([false, []]);
  });
});
