import * as nats from 'node-nats-streaming';
import type { Message, Stan, Subscription } from 'node-nats-streaming';
import { deadLetterSubject, type EventData, type Subject } from '../events/contracts';
import { logger } from '../logger';
import {
  DEFAULT_SUBSCRIBE_OPTIONS,
  MAX_CONCURRENT_HANDLERS,
  type BusOptions,
  type EventBus,
  type Handler,
  type PublishOptions,
  type SubscribeOptions,
  natsServers,
} from './event-bus';
import { InFlight } from './in-flight';
import { encodeEnvelope, processDelivery } from './message-processor';
import { countPublished } from './bus-metrics';

export interface StanBusOptions extends BusOptions {
  clusterId: string;
  clientId: string;
  /** How long publish() waits for a connection before giving up. */
  publishTimeoutMs?: number;
}

interface SubscriptionSpec {
  subject: Subject;
  handler: Handler<Subject>;
  options: Required<SubscribeOptions>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * NATS Streaming (node-nats-streaming). Durable queue subscriptions survive restarts of the service (the
 * server keeps their position), manual acks, ack wait. After a lost session the bus reconnects with a new
 * client id and subscribes again. STAN does not count deliveries, so the count is kept per process.
 */
export class StanBus implements EventBus {
  readonly transport = 'stan' as const;
  private stan: Stan | undefined;
  private connected = false;
  private closing = false;
  private consuming = true;
  private paused = false;
  /** pause() and resume() one after the other, so a resume never meets the close of a pause still running. */
  private transition: Promise<void> = Promise.resolve();
  private generation = 0;
  private readonly specs: SubscriptionSpec[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly deliveries = new Map<string, number>();
  private readonly inFlight = new InFlight(MAX_CONCURRENT_HANDLERS);
  private waiters: (() => void)[] = [];

  private constructor(private readonly options: StanBusOptions) {}

  static async connect(options: StanBusOptions): Promise<StanBus> {
    const bus = new StanBus(options);
    await bus.open();
    return bus;
  }

  /** At start, gives up after `attempts` (the process then exits and is restarted); after a lost session, never. */
  private async open(attempts = 60): Promise<void> {
    for (let attempt = 1; !this.closing; attempt += 1) {
      try {
        await this.openOnce();
        return;
      } catch (err) {
        if (attempt >= attempts) throw err;
        logger.warn({ err: (err as Error).message, attempt }, 'NATS Streaming not reachable yet, retrying');
        await delay(1_000);
      }
    }
  }

  private openOnce(): Promise<void> {
    this.generation += 1;
    const generation = this.generation;
    const clientId = generation === 1 ? this.options.clientId : `${this.options.clientId}-${generation}`;
    const servers = natsServers(this.options.url);
    const stan = nats.connect(this.options.clusterId, clientId, {
      // Without `url` the client adds its default (localhost:4222) in front of `servers`.
      url: servers[0],
      servers,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      connectTimeout: 5_000,
      ackTimeout: 10_000,
      stanPingInterval: 2_000,
      stanMaxPingOut: 5,
      ...(this.options.credentials
        ? { user: this.options.credentials.user, pass: this.options.credentials.password }
        : {}),
    });
    return new Promise((resolve, reject) => {
      const onFirstError = (err: Error) => {
        stan.close();
        reject(err);
      };
      stan.once('error', onFirstError);
      stan.once('connect', () => {
        stan.removeListener('error', onFirstError);
        stan.on('error', (err: Error) => logger.warn({ err: err.message }, 'NATS Streaming error'));
        stan.on('disconnect', () => this.setConnected(false));
        stan.on('reconnect', () => this.setConnected(true));
        stan.on('connection_lost', (err: Error) => {
          if (generation !== this.generation || this.closing) return;
          logger.warn({ err: err.message }, 'NATS Streaming session lost; reconnecting');
          this.setConnected(false);
          this.subscriptions.length = 0;
          void this.open(Number.POSITIVE_INFINITY).catch((e: unknown) =>
            logger.error({ err: e }, 'NATS Streaming reconnect failed'),
          );
        });
        this.stan = stan;
        if (this.taking()) for (const spec of this.specs) this.attach(spec);
        this.setConnected(true);
        logger.info({ clientId }, 'connected to NATS Streaming');
        resolve();
      });
    });
  }

  private setConnected(value: boolean): void {
    this.connected = value;
    if (value) {
      for (const wake of this.waiters) wake();
      this.waiters = [];
    }
  }

  private async whenConnected(): Promise<Stan> {
    const timeoutMs = this.options.publishTimeoutMs ?? 10_000;
    if (!this.connected) {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        delay(timeoutMs).then(() => {
          throw new Error('NATS Streaming is not connected');
        }),
      ]);
    }
    if (!this.stan) throw new Error('NATS Streaming is not connected');
    return this.stan;
  }

  async publish<S extends Subject>(subject: S, data: EventData<S>, options?: PublishOptions): Promise<void> {
    const { bytes } = encodeEnvelope(subject, data, options);
    await this.publishBytes(subject, bytes);
    countPublished(subject);
  }

  private async publishBytes(subject: string, bytes: string): Promise<void> {
    const stan = await this.whenConnected();
    await new Promise<void>((resolve, reject) => {
      stan.publish(subject, bytes, (err) => (err ? reject(err) : resolve()));
    });
  }

  async subscribe<S extends Subject>(
    subject: S,
    handler: Handler<S>,
    options?: SubscribeOptions,
  ): Promise<void> {
    const spec: SubscriptionSpec = {
      subject,
      handler: handler as unknown as Handler<Subject>,
      options: { ...DEFAULT_SUBSCRIBE_OPTIONS, ...options },
    };
    this.specs.push(spec);
    if (this.stan && this.connected && this.taking()) this.attach(spec);
  }

  private taking(): boolean {
    return this.consuming && !this.paused;
  }

  private attach(spec: SubscriptionSpec): void {
    const stan = this.stan;
    if (!stan) return;
    const group = this.options.serviceName;
    const subscriptionOptions = stan
      .subscriptionOptions()
      .setManualAckMode(true)
      .setAckWait(spec.options.ackWaitMs)
      .setMaxInFlight(spec.options.maxInFlight)
      .setDeliverAllAvailable()
      .setDurableName(group);
    const subscription = stan.subscribe(spec.subject, group, subscriptionOptions);
    subscription.on('error', (err: Error) => {
      if (this.consuming) logger.error({ err: err.message, subject: spec.subject }, 'subscription error');
    });
    subscription.on('message', (message: Message) => {
      if (!this.taking()) return; // left unacked: another member, or this service later, gets it
      void this.inFlight.run(() => this.handle(spec, message));
    });
    this.subscriptions.push(subscription);
  }

  private async handle(spec: SubscriptionSpec, message: Message): Promise<void> {
    // Queued for a handler slot when the bus paused or stopped: left unacked for redelivery.
    if (!this.taking()) return;
    const key = `${spec.subject}:${message.getSequence()}`;
    const deliveryCount = (this.deliveries.get(key) ?? 0) + 1;
    this.deliveries.set(key, deliveryCount);
    const data = message.getData();
    const decision = await processDelivery(
      {
        subject: spec.subject,
        payload: typeof data === 'string' ? data : data.toString('utf8'),
        deliveryCount,
      },
      spec.handler,
      {
        serviceName: this.options.serviceName,
        publishDeadLetter: (letter) =>
          this.publishBytes(deadLetterSubject(spec.subject), JSON.stringify(letter)),
      },
    );
    // NATS Streaming cannot nak: a message left unacked comes back after the ack wait, whatever the delay asked.
    if (decision.verdict === 'ack') {
      message.ack();
      this.deliveries.delete(key);
    }
  }

  isConnected(): boolean {
    return this.connected && !this.closing;
  }

  pause(): Promise<void> {
    this.transition = this.transition.then(async () => {
      if (this.paused || !this.consuming) return;
      this.paused = true;
      // Handlers finish first so their acks reach the subscription they came on; then the server hands what is
      // left unacked to the other members of the queue group.
      await this.inFlight.drain();
      await this.closeSubscriptions();
    });
    return this.transition;
  }

  resume(): Promise<void> {
    this.transition = this.transition.then(() => {
      if (!this.paused) return;
      this.paused = false;
      if (this.stan && this.connected && this.consuming) for (const spec of this.specs) this.attach(spec);
    });
    return this.transition;
  }

  async stopConsuming(): Promise<void> {
    if (!this.consuming) return;
    this.consuming = false;
    await this.inFlight.drain();
    await this.closeSubscriptions();
  }

  private async closeSubscriptions(): Promise<void> {
    const closing = this.subscriptions.splice(0);
    // close(), not unsubscribe(): the durable queue group and its position stay on the server.
    await Promise.all(
      closing.map(
        (subscription) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 2_000);
            subscription.once('closed', () => {
              clearTimeout(timer);
              resolve();
            });
            subscription.close();
          }),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.closing) return;
    await this.stopConsuming();
    this.closing = true;
    const stan = this.stan;
    this.connected = false;
    if (!stan) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      stan.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      stan.close();
    });
  }
}
