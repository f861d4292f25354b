import { PeriodicWorker } from './periodic-worker';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Counting extends PeriodicWorker {
  passes = 0;
  concurrent = 0;
  peak = 0;

  constructor(
    intervalMs: number,
    private readonly passMs: number,
    private readonly failing = false,
  ) {
    super(intervalMs, 'counting');
  }

  protected async runOnce(): Promise<void> {
    this.concurrent += 1;
    this.peak = Math.max(this.peak, this.concurrent);
    await tick(this.passMs);
    this.concurrent -= 1;
    this.passes += 1;
    if (this.failing) throw new Error('pass failed');
  }
}

describe('PeriodicWorker', () => {
  it('when a pass takes longer than the interval, then passes never overlap, and stop waits for the last', async () => {
    const worker = new Counting(10, 40);
    worker.start();
    await tick(150);
    await worker.stop();
    expect(worker.peak).toBe(1);
    expect(worker.passes).toBeGreaterThan(0);
    expect(worker.concurrent).toBe(0);
  });

  it('when a pass fails, then the next tick runs again', async () => {
    const worker = new Counting(10, 1, true);
    worker.start();
    await tick(100);
    await worker.stop();
    expect(worker.passes).toBeGreaterThan(1);
  });

  it('when stopped, then no further pass starts', async () => {
    const worker = new Counting(10, 1);
    worker.start();
    await tick(50);
    await worker.stop();
    const passes = worker.passes;
    await tick(50);
    expect(worker.passes).toBe(passes);
  });
});
