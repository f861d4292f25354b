import type { FaultProxies, Platform, Toxic, ToxicType } from '@ticketing/tools';
import { sleep } from '../support/api';
import type { DeadLetterWatch } from './dead-letters';
import type { Fault } from './schedule';

/** The toxics one fault adds, each on both directions where it matters. */
function toxicsOf(fault: Fault): Toxic<ToxicType>[] {
  switch (fault.kind) {
    case 'cut':
      // A black hole: connections open but nothing passes either way, as in a network partition.
      return fault.mode === 'blackhole'
        ? (['upstream', 'downstream'] as const).map((stream) => ({
            name: `chaos-blackhole-${stream}`,
            type: 'timeout',
            stream,
            attributes: { timeout: 0 },
          }))
        : [];
    case 'latency':
      return [
        {
          name: 'chaos-latency',
          type: 'latency',
          stream: 'downstream',
          attributes: { latency: fault.ms, jitter: Math.round(fault.ms / 4) },
        },
      ];
    case 'resets':
      return [
        {
          name: 'chaos-resets',
          type: 'reset_peer',
          stream: 'downstream',
          toxicity: 0.5,
          attributes: { timeout: 1_000 },
        },
      ];
    default:
      return [];
  }
}

/** Applies faults to a platform started with `faultProxies`, and heals them. */
export class FaultInjector {
  private readonly paused = new Set<number>();

  constructor(
    private readonly platform: Platform,
    private readonly watch: DeadLetterWatch,
  ) {}

  private get proxies(): FaultProxies {
    if (!this.platform.faults) throw new Error('the platform was started without fault proxies');
    return this.platform.faults;
  }

  /** Applies the fault, holds it, heals it; resolves once healed (a killed service is ready again). */
  async run(fault: Fault): Promise<void> {
    switch (fault.kind) {
      case 'kill': {
        const service = this.platform.services[fault.service];
        // Its counters die with it: read them first.
        await this.watch.scrape(fault.service);
        await service.kill();
        await service.start(180_000);
        return;
      }
      case 'pause': {
        const pid = this.platform.services[fault.service].pid;
        if (pid === undefined) return;
        await this.watch.scrape(fault.service);
        process.kill(pid, 'SIGSTOP');
        this.paused.add(pid);
        try {
          await sleep(fault.seconds * 1_000);
        } finally {
          this.resume(pid);
        }
        return;
      }
      default: {
        const offsets = (fault.kind === 'cut' && fault.startOffsets) || fault.services.map(() => 0);
        // Each service's link goes bad at its offset and heals `seconds` later.
        // Settled, not all: a link that failed to degrade must not leave the others' heal running after us.
        const links = await Promise.allSettled(
          fault.services.map(async (service, index) => {
            await sleep((offsets[index] ?? 0) * 1_000);
            await this.degrade(fault, service, true);
            try {
              await sleep(fault.seconds * 1_000);
            } finally {
              await this.degrade(fault, service, false);
            }
          }),
        );
        const failed = links.find((link): link is PromiseRejectedResult => link.status === 'rejected');
        if (failed) throw failed.reason;
      }
    }
  }

  private async degrade(fault: Exclude<Fault, { kind: 'kill' | 'pause' }>, service: string, on: boolean) {
    const { toxiproxy } = this.proxies;
    const refuse = fault.kind === 'cut' && fault.mode === 'refuse';
    for (const proxy of this.proxies.proxiesOf(fault.dependency, [service])) {
      if (refuse) await toxiproxy.setEnabled(proxy, !on);
      for (const toxic of toxicsOf(fault)) {
        if (on) await toxiproxy.addToxic(proxy, toxic);
        else await toxiproxy.removeToxic(proxy, toxic.name);
      }
    }
  }

  private resume(pid: number): void {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // it died meanwhile
    }
    this.paused.delete(pid);
  }

  /** Whatever an interrupted run left: every proxy back, every paused process resumed. */
  async healAll(): Promise<void> {
    for (const pid of this.paused) this.resume(pid);
    await this.platform.faults?.toxiproxy.reset();
  }
}
