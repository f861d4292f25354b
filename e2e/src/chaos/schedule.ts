import type { ProxiedDependency, ServiceName } from '@ticketing/tools';
import { Random } from './random';

/** The services that consume events (a pause of one past its ack wait makes the broker redeliver). */
export const CONSUMERS = ['tickets', 'orders', 'expiration', 'payments'] as const;
export const ALL_SERVICES: readonly ServiceName[] = ['auth', 'tickets', 'orders', 'expiration', 'payments'];

/** One fault; the runner applies it, holds it for `seconds` and heals it. */
export type Fault =
  /**
   * The proxies of `services` to `dependency` refuse connections (`refuse`) or pass no data (`blackhole`), each for
   * `seconds` from its own offset (`startOffsets`, seconds, one per service; all at once without): each service
   * has its own database, which an outage does not take down in the same instant.
   */
  | {
      kind: 'cut';
      dependency: ProxiedDependency;
      services: readonly ServiceName[];
      mode: 'refuse' | 'blackhole';
      seconds: number;
      startOffsets?: readonly number[];
    }
  | {
      kind: 'latency';
      dependency: ProxiedDependency;
      services: readonly ServiceName[];
      ms: number;
      seconds: number;
    }
  /** A share of the connections is reset (TCP RST) shortly after it starts carrying data. */
  | { kind: 'resets'; dependency: ProxiedDependency; services: readonly ServiceName[]; seconds: number }
  /** SIGSTOP, then SIGCONT: longer than the ack wait, so its unacked messages go to another delivery. */
  | { kind: 'pause'; service: ServiceName; seconds: number }
  /** kill -9, then started again as the platform starts it. */
  | { kind: 'kill'; service: ServiceName };

export interface ScheduledFault {
  /** Load runs this long before the fault (the first one after warm-up). */
  gapSeconds: number;
  fault: Fault;
}

export type Profile = 'db-outage' | 'bounded' | 'full' | 'long';

export const PROFILES: readonly Profile[] = ['db-outage', 'bounded', 'full', 'long'];

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'cut': {
      const offsets = fault.startOffsets ? ` from +${fault.startOffsets.join('/+')} s` : '';
      return `${fault.dependency} cut (${fault.mode}) for ${fault.services.join(',')}${offsets}, ${fault.seconds} s`;
    }
    case 'latency':
      return `${fault.ms} ms latency to ${fault.dependency} for ${fault.services.join(',')}, ${fault.seconds} s`;
    case 'resets':
      return `connection resets to ${fault.dependency} for ${fault.services.join(',')}, ${fault.seconds} s`;
    case 'pause':
      return `${fault.service} paused (SIGSTOP) ${fault.seconds} s`;
    case 'kill':
      return `${fault.service} killed -9 and restarted`;
  }
}

const DATABASE_USERS: readonly ServiceName[] = ['auth', 'tickets', 'orders', 'payments'];
// Every service uses the bus: the four consumers, and auth, which publishes sign-outs.
const BROKER_USERS: readonly ServiceName[] = ALL_SERVICES;

/** The required scenario: every service's database cut for a minute or more while orders and payments flow. */
function databaseOutage(random: Random, seconds: number): Fault {
  return {
    kind: 'cut',
    dependency: 'mongodb',
    services: DATABASE_USERS,
    mode: random.pick(['refuse', 'blackhole'] as const),
    seconds,
    startOffsets: DATABASE_USERS.map(() => random.int(0, 8)),
  };
}

/** Short faults: seconds of latency, resets, a consumer paused past its ack wait, kills. */
function shortFaults(random: Random, kills: readonly ServiceName[]): Fault[] {
  const usersOf = (dependency: 'mongodb' | 'nats') =>
    dependency === 'mongodb' ? DATABASE_USERS : BROKER_USERS;
  const dependency = random.pick(['mongodb', 'nats'] as const);
  const users = usersOf(dependency);
  const resetDependency = random.pick(['mongodb', 'nats'] as const);
  return [
    {
      kind: 'latency',
      dependency,
      services: users,
      ms: random.int(1_000, 3_000),
      seconds: random.int(15, 25),
    },
    {
      kind: 'resets',
      dependency: resetDependency,
      services: random.shuffle(usersOf(resetDependency)).slice(0, 2),
      seconds: random.int(8, 15),
    },
    // The ack wait is 10 s: 15 s or more makes the broker hand the paused consumer's messages out again.
    { kind: 'pause', service: random.pick(CONSUMERS), seconds: random.int(15, 25) },
    ...kills.map((service): Fault => ({ kind: 'kill', service })),
  ];
}

/**
 * The faults of a profile, in the order and with the gaps the seed picks:
 * - `db-outage`: the one-minute database outage alone (npm test);
 * - `bounded`: a shorter broker cut, latency, resets, a pause and two kills (npm test, ~2 min of faults);
 * - `full`: a 90 s database cut, a 60 s broker cut, one service's database and Redis cut, latency, resets, a pause,
 *   and every service killed and restarted (npm run chaos);
 * - `long`: the full schedule twice over, in a different order (npm run chaos -- --long).
 */
export function buildSchedule(seed: number, profile: Profile): ScheduledFault[] {
  const random = new Random(seed).fork(`schedule:${profile}`);
  const gap = () => random.int(8, 20);
  const scheduled = (faults: Fault[]) => faults.map((fault) => ({ gapSeconds: gap(), fault }));
  if (profile === 'db-outage') return scheduled([databaseOutage(random, random.int(60, 75))]);
  if (profile === 'bounded') {
    const brokerCut: Fault = {
      kind: 'cut',
      dependency: 'nats',
      services: BROKER_USERS,
      mode: random.pick(['refuse', 'blackhole'] as const),
      seconds: random.int(25, 35),
    };
    return scheduled(
      random.shuffle([brokerCut, ...shortFaults(random, random.shuffle(ALL_SERVICES).slice(0, 2))]),
    );
  }
  const round = (): Fault[] => [
    databaseOutage(random, random.int(85, 95)),
    {
      kind: 'cut',
      dependency: 'nats',
      services: BROKER_USERS,
      mode: random.pick(['refuse', 'blackhole'] as const),
      seconds: random.int(55, 65),
    },
    {
      kind: 'cut',
      dependency: 'mongodb',
      services: [random.pick(DATABASE_USERS)],
      mode: 'blackhole',
      seconds: random.int(20, 40),
    },
    {
      kind: 'cut',
      dependency: 'redis',
      services: ['expiration'],
      mode: random.pick(['refuse', 'blackhole'] as const),
      seconds: random.int(20, 40),
    },
    ...shortFaults(random, ALL_SERVICES),
  ];
  const faults =
    profile === 'long' ? [...random.shuffle(round()), ...random.shuffle(round())] : random.shuffle(round());
  return scheduled(faults);
}
