import { randomUUID } from 'node:crypto';
import type { DeadLetter, Envelope, EventData, Subject } from '../events/contracts';
import { type EventBus, type Handler, type PublishOptions, type SubscribeOptions } from './event-bus';
import { encodeEnvelope, processDelivery, type Decision, type Verdict } from './message-processor';
import { countPublished } from './bus-metrics';

/**
 * An in-memory bus for tests. It records what is published and lets a test deliver a message to the
 * subscribed listener and await the verdict (ack or retry), with the same validation and dead-letter rules
 * as the real transports.
 */
export class FakeBus implements EventBus {
  readonly transport = 'fake' as const;
  readonly published: Envelope[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly subscriptions = new Map<Subject, Handler<Subject>>();
  private connected = true;
  /** Whether pause() holds the bus (a paused broker delivers nothing: deliver() then throws). */
  paused = false;
  /** When set, publish() rejects with this error (to test what a broker outage does). */
  failPublishWith: Error | undefined;

  constructor(readonly serviceName = 'test-service') {}

  async publish<S extends Subject>(subject: S, data: EventData<S>, options?: PublishOptions): Promise<void> {
    if (this.failPublishWith) throw this.failPublishWith;
    if (!this.connected) throw new Error('the bus is closed');
    this.published.push(encodeEnvelope(subject, data, options).envelope);
    countPublished(subject);
  }

  async subscribe<S extends Subject>(
    subject: S,
    handler: Handler<S>,
    _options?: SubscribeOptions,
  ): Promise<void> {
    this.subscriptions.set(subject, handler as unknown as Handler<Subject>);
  }

  isConnected(): boolean {
    return this.connected;
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
  }

  async stopConsuming(): Promise<void> {
    this.subscriptions.clear();
  }

  async close(): Promise<void> {
    this.connected = false;
  }

  /** The data of every message published on a subject, oldest first. */
  publishedData<S extends Subject>(subject: S): EventData<S>[] {
    return this.published.filter((e) => e.subject === subject).map((e) => e.data as EventData<S>);
  }

  clear(): void {
    this.published.length = 0;
    this.deadLetters.length = 0;
  }

  /** Delivers data to the listener of its subject as the broker would, and tells whether it was acked. */
  deliver<S extends Subject>(subject: S, data: EventData<S> | unknown, deliveryCount = 1): Promise<Verdict> {
    return this.decide(subject, data, deliveryCount).then((decision) => decision.verdict);
  }

  /** Like deliver, with the whole decision: for a retry, the delay the transport is asked to wait. */
  decide<S extends Subject>(subject: S, data: EventData<S> | unknown, deliveryCount = 1): Promise<Decision> {
    const envelope = {
      id: randomUUID(),
      subject,
      data,
      correlationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    };
    return this.decideRaw(subject, JSON.stringify(envelope), deliveryCount);
  }

  /** Delivers raw bytes, e.g. a poison message. */
  deliverRaw(subject: Subject, payload: string, deliveryCount = 1): Promise<Verdict> {
    // Throws at once, not as a rejection, when nothing is subscribed: a test's own mistake.
    return this.decideRaw(subject, payload, deliveryCount).then((decision) => decision.verdict);
  }

  private decideRaw(subject: Subject, payload: string, deliveryCount: number): Promise<Decision> {
    const handler = this.subscriptions.get(subject);
    if (!handler) throw new Error(`nothing subscribed to ${subject}`);
    if (this.paused) throw new Error(`the bus is paused: nothing reaches ${subject}`);
    return processDelivery({ subject, payload, deliveryCount }, handler, {
      serviceName: this.serviceName,
      publishDeadLetter: async (letter) => {
        this.deadLetters.push(letter);
      },
    });
  }
}
