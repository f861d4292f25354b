import {
  encodeEnvelope,
  processDelivery,
  DEFAULT_SUBSCRIBE_OPTIONS,
  type DeadLetter,
  type Envelope,
  type EventBus,
  type EventData,
  type Handler,
  type PublishOptions,
  type Subject,
  type Decision,
  type SubscribeOptions,
} from '@ticketing/common';
import type { Draws } from './rng';
import type { Scheduler } from './scheduler';

/** How hostile the simulated broker is: percentages per message, and the shortest and longest delivery delay. */
export interface BusFaults {
  maxDelayMs: number;
  /** Every delivery takes at least this long (0 unless set): a broker held back for a while. */
  minDelayMs?: number;
  /** A message reaches a consumer group a second time (a publisher retry, a broker redelivery). */
  duplicatePct: number;
  /** The ack wait passes while the first delivery still runs: a second copy is handled at the same time. */
  overlapPct: number;
  /** The handler did its writes, then the process died before its ack: redelivered after the ack wait. */
  ackLostPct: number;
  /** The broker stored a publish but its confirmation was lost: the outbox keeps the event and sends it again. */
  publishLostPct: number;
}

interface Consumer {
  service: string;
  subject: Subject;
  handler: Handler<Subject>;
  ackWaitMs: number;
  bus: SimBus;
}

/** Faults that would only repeat forever: a message loses at most this many acks. */
const MAX_LOST_ACKS = 2;
/**
 * Failures are retried without limit (DESIGN §5); a message still not handled after this many deliveries would
 * be retried forever, so the simulation gives up on it and reports it.
 */
const GIVE_UP_AFTER = 100;

/**
 * The simulated broker: every published message reaches every consumer group subscribed to its subject after a
 * seeded random delay, in no set order; an unacked message comes back after the group's ack wait; each delivery
 * goes through the same processDelivery (validation, retry, dead letter) as the real transports.
 */
export class Network {
  readonly published: { publisher: string; envelope: Envelope }[] = [];
  readonly deadLetters: DeadLetter[] = [];
  /** Messages still failing after GIVE_UP_AFTER deliveries. */
  readonly neverHandled: string[] = [];
  private readonly consumers: Consumer[] = [];
  /** Publishes so far per publisher and subject: the n in the names of the draws about a message. */
  private readonly counts = new Map<string, number>();
  /**
   * How an unacked message comes back: after the delay the handler's failure asked for (JetStream's nak) or after
   * the ack wait whatever it asked (NATS Streaming cannot nak). Drawn once per schedule.
   */
  readonly transport: 'jetstream' | 'stan';

  constructor(
    private readonly scheduler: Scheduler,
    private readonly draws: Draws,
    private readonly faults: BusFaults,
    private readonly describe: (subject: Subject, data: unknown) => string,
    /** Told which service a delivery is about to run in (its outbox may get events). */
    private readonly delivering: (service: string) => void,
  ) {
    this.transport = draws.chance('transport', 50) ? 'jetstream' : 'stan';
  }

  bus(serviceName: string): SimBus {
    return new SimBus(this, serviceName);
  }

  subscribe(consumer: Consumer): void {
    this.consumers.push(consumer);
  }

  /** Publishes a message; says whether the confirmation of this publish is lost. */
  publish(publisher: string, envelope: Envelope, payload: string): boolean {
    this.published.push({ publisher, envelope });
    const counter = `${publisher}/${envelope.subject}`;
    const n = (this.counts.get(counter) ?? 0) + 1;
    this.counts.set(counter, n);
    const message = `${envelope.subject}#${n}`;
    for (const consumer of this.consumers.filter((c) => c.subject === envelope.subject)) {
      const key = `${message}>${consumer.service}`;
      this.send(consumer, envelope, payload, key, 1, this.delay(`${key}:delay`), 0);
      if (this.draws.chance(`${key}:duplicate`, this.faults.duplicatePct)) {
        this.send(
          consumer,
          envelope,
          payload,
          `${key}:copy`,
          1,
          this.delay(`${key}:copy:delay`),
          MAX_LOST_ACKS,
        );
      }
    }
    return this.draws.chance(`${publisher}/${message}:publish-lost`, this.faults.publishLostPct);
  }

  private delay(key: string): number {
    return this.draws.int(key, this.faults.minDelayMs ?? 0, this.faults.maxDelayMs);
  }

  private send(
    consumer: Consumer,
    envelope: Envelope,
    payload: string,
    key: string,
    deliveryCount: number,
    delayMs: number,
    lostAcks: number,
  ): void {
    const label = `deliver ${this.describe(envelope.subject, envelope.data)} to ${consumer.service} (delivery ${deliveryCount})`;
    this.scheduler.after(delayMs, label, async () => {
      if (consumer.bus.paused) {
        // A service that is not ready takes no messages: the broker offers it again later.
        this.send(consumer, envelope, payload, key, deliveryCount, 1_000, lostAcks);
        return;
      }
      this.delivering(consumer.service);
      const overlapping = this.draws.chance(`${key}:${deliveryCount}:overlap`, this.faults.overlapPct);
      const ackLost =
        lostAcks < MAX_LOST_ACKS &&
        this.draws.chance(`${key}:${deliveryCount}:ack-lost`, this.faults.ackLostPct);
      const counts = overlapping ? [deliveryCount, deliveryCount + 1] : [deliveryCount];
      const decisions = await Promise.all(counts.map((count) => this.handle(consumer, payload, count)));
      const acked = decisions.some((d) => d.verdict === 'ack') && !ackLost;
      if (!acked) {
        const asked = decisions.find((d) => d.verdict === 'retry');
        const delay =
          this.transport === 'jetstream' && asked?.verdict === 'retry' ? asked.retryInMs : consumer.ackWaitMs;
        const next = deliveryCount + counts.length;
        if (next > GIVE_UP_AFTER) {
          this.neverHandled.push(label);
          return;
        }
        this.send(consumer, envelope, payload, key, next, delay, lostAcks + (ackLost ? 1 : 0));
      }
    });
  }

  private handle(consumer: Consumer, payload: string, deliveryCount: number): Promise<Decision> {
    return processDelivery({ subject: consumer.subject, payload, deliveryCount }, consumer.handler, {
      serviceName: consumer.service,
      publishDeadLetter: async (letter) => {
        this.deadLetters.push(letter);
      },
    });
  }
}

/** One service's view of the simulated broker, behind the EventBus API every service is written against. */
export class SimBus implements EventBus {
  readonly transport = 'fake' as const;
  /** Publishes whose confirmation was lost since the last look (the outbox must send them again). */
  lostPublishes = 0;
  /** Set by pause() (a service that is not ready): nothing is delivered to it until resume(). */
  paused = false;

  constructor(
    private readonly network: Network,
    readonly serviceName: string,
  ) {}

  async publish<S extends Subject>(subject: S, data: EventData<S>, options?: PublishOptions): Promise<void> {
    const { envelope, bytes } = encodeEnvelope(subject, data, options);
    if (this.network.publish(this.serviceName, envelope, bytes)) {
      this.lostPublishes += 1;
      throw new Error('simulated: the broker stored the message but its confirmation was lost');
    }
  }

  async subscribe<S extends Subject>(
    subject: S,
    handler: Handler<S>,
    options?: SubscribeOptions,
  ): Promise<void> {
    this.network.subscribe({
      service: this.serviceName,
      subject,
      handler: handler as unknown as Handler<Subject>,
      ackWaitMs: options?.ackWaitMs ?? DEFAULT_SUBSCRIBE_OPTIONS.ackWaitMs,
      bus: this,
    });
  }

  isConnected(): boolean {
    return true;
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
  }

  async stopConsuming(): Promise<void> {}

  async close(): Promise<void> {}
}
