import type { Scheduler } from './scheduler';
import type { SimBus } from './network';

/**
 * The expiration service's Bull queue as the simulation sees it: one delayed job per order (jobId = orderId: a
 * second add while the job exists is ignored, an add after it fired or was removed makes a new one), due at
 * `expiresAt` by the expiration service's own clock (which may run ahead: `skewMs`), publishing
 * expiration:complete with the same message id as the real processor, and retried when the publish fails.
 * The listeners that call it are the real ones.
 */
export class SimExpirationQueue {
  private readonly jobs = new Map<string, object>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly bus: SimBus,
    private readonly skewMs: number,
    private readonly messageId: (orderId: string) => string,
    private readonly label: (orderId: string) => string,
  ) {}

  async schedule(orderId: string, expiresAt: Date): Promise<void> {
    if (this.jobs.has(orderId)) return;
    const job = {};
    this.jobs.set(orderId, job);
    const delay = Math.max(0, expiresAt.getTime() - (Date.now() + this.skewMs));
    this.scheduler.after(delay, `expiration job of ${this.label(orderId)} falls due`, () =>
      this.fire(orderId, job),
    );
  }

  async cancel(orderId: string): Promise<'removed' | 'absent'> {
    return this.jobs.delete(orderId) ? 'removed' : 'absent';
  }

  private async fire(orderId: string, job: object): Promise<void> {
    if (this.jobs.get(orderId) !== job) return;
    try {
      await this.bus.publish('expiration:complete', { orderId }, { id: this.messageId(orderId) });
      this.jobs.delete(orderId);
    } catch {
      // Bull retries a failed attempt after its backoff.
      this.scheduler.after(1_000, `expiration job of ${this.label(orderId)} retried`, () =>
        this.fire(orderId, job),
      );
    }
  }
}
