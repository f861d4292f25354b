import { InFlight } from './in-flight';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InFlight', () => {
  it('when more work arrives than the limit, then at most `limit` run at once and all of it runs', async () => {
    const inFlight = new InFlight(4);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let n = 0; n < 20; n += 1) {
      void inFlight.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick(5);
        running -= 1;
        done.push(n);
      });
    }
    await inFlight.drain();
    expect(peak).toBe(4);
    expect(done).toHaveLength(20);
  });

  it('when work fails, then its slot is freed and the error reaches the caller', async () => {
    const inFlight = new InFlight(1);
    await expect(inFlight.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(inFlight.run(async () => 'next')).resolves.toBe('next');
  });

  it('when the limit is reached, then waitBelow resolves only once a slot frees', async () => {
    const inFlight = new InFlight(1);
    let release!: () => void;
    void inFlight.run(() => new Promise<void>((resolve) => (release = resolve)));
    let waited = false;
    const waiting = inFlight.waitBelow().then(() => (waited = true));
    await tick(20);
    expect(waited).toBe(false);
    release();
    await waiting;
    expect(waited).toBe(true);
  });
});
