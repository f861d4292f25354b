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
  type SubscribeOptions,
  type Verdict,
} from '@ticketing/common';
import type { Draws } from './rng';
import type { Scheduler } from './scheduler';

/** How hostile the simulated broker is: percentages per message, and the longest delivery delay. */
export interface BusFaults {
  maxDelayMs: number;
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
  maxDeliveries: number;
}

/** Faults that would only repeat forever: a message loses at most this many acks. */
const MAX_LOST_ACKS = 2;

/**
 * The simulated broker: every published message reaches every consumer group subscribed to its subject after a
 * seeded random delay, in no set order; an unacked message comes back after the group's ack wait; each delivery
 * goes through the same processDelivery (validation, retry, dead letter) as the real transports.
 */
export class Network {
  readonly published: { publisher: string; envelope: Envelope }[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly consumers: Consumer[] = [];
  /** Publishes so far per publisher and subject: the n in the names of the draws about a message. */
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly draws: Draws,
    private readonly faults: BusFaults,
    private readonly describe: (subject: Subject, data: unknown) => string,
    /** Told which service a delivery is about to run in (its outbox may get events). */
    private readonly delivering: (service: string) => void,
  ) {}

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
    return this.draws.int(key, 0, this.faults.maxDelayMs);
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
      this.delivering(consumer.service);
      const overlapping = this.draws.chance(`${key}:${deliveryCount}:overlap`, this.faults.overlapPct);
      const ackLost =
        lostAcks < MAX_LOST_ACKS &&
        this.draws.chance(`${key}:${deliveryCount}:ack-lost`, this.faults.ackLostPct);
      const counts = overlapping ? [deliveryCount, deliveryCount + 1] : [deliveryCount];
      const verdicts = await Promise.all(counts.map((count) => this.handle(consumer, payload, count)));
      const acked = verdicts.includes('ack') && !ackLost;
      if (!acked) {
        const next = deliveryCount + counts.length;
        this.send(consumer, envelope, payload, key, next, consumer.ackWaitMs, lostAcks + (ackLost ? 1 : 0));
      }
    });
  }

  private handle(consumer: Consumer, payload: string, deliveryCount: number): Promise<Verdict> {
    return processDelivery({ subject: consumer.subject, payload, deliveryCount }, consumer.handler, {
      serviceName: consumer.service,
      maxDeliveries: consumer.maxDeliveries,
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
      maxDeliveries: options?.maxDeliveries ?? DEFAULT_SUBSCRIBE_OPTIONS.maxDeliveries,
    });
  }

  isConnected(): boolean {
    return true;
  }

  async stopConsuming(): Promise<void> {}

  async close(): Promise<void> {}
}
