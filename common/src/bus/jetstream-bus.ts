import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  DEAD_LETTER_PREFIX,
  DEAD_LETTER_REPLAY_PREFIX,
  deadLetterSubject,
  subjects,
  type EventData,
  type Subject,
} from '../events/contracts';
import { consumerName, DEAD_LETTER_STREAM, EVENTS_STREAM, inboxPrefix } from '../events/bus-permissions';
import { logger } from '../logger';
import {
  DEFAULT_SUBSCRIBE_OPTIONS,
  MAX_CONCURRENT_HANDLERS,
  type BusOptions,
  type EventBus,
  type NatsCredentials,
  type Handler,
  type PublishOptions,
  type SubscribeOptions,
  natsServers,
} from './event-bus';
import { InFlight } from './in-flight';
import { encodeEnvelope, processDelivery } from './message-processor';
import { countPublished } from './bus-metrics';
import { DEFAULT_JETSTREAM_LIMITS, limitsConfig, limitsDiffer, type JetStreamLimits } from './stream-limits';

export { EVENTS_STREAM, DEAD_LETTER_STREAM, consumerName } from '../events/bus-permissions';
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/**
 * How long one pull waits on the server. The server sends a heartbeat every half of it, and the client pulls anew
 * after two are missed: on a cluster, a pull left with a consumer leader that died is replaced within about this
 * long (the client's default, 30 s, would stall the subscription for half a minute after each failover).
 */
const PULL_EXPIRES_MS = 5_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One subscription: its durable consumer, and the pull in progress while the bus takes messages. */
interface Subscription {
  subject: Subject;
  handler: Handler<Subject>;
  consumer: Consumer;
  maxInFlight: number;
  messages?: ConsumerMessages;
}

/**
 * The options of a connection as `credentials`' user: its password, and its own inbox prefix (the only inboxes the
 * server lets it subscribe to, see jetStreamPermissions).
 */
export function connectionCredentials(credentials: NatsCredentials | undefined) {
  if (!credentials) return {};
  return { user: credentials.user, pass: credentials.password, inboxPrefix: inboxPrefix(credentials.user) };
}

const isStreamNotFound = (err: unknown) =>
  err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;

/**
 * The event stream and the dead-letter stream (letters and their replay records), made or brought to `limits` and
 * to `replicas` copies (on a cluster, each stream is stored by that many servers and a publish is acknowledged
 * once a majority of them has it).
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  limits: JetStreamLimits,
  replicas = 1,
): Promise<void> {
  const wanted = [
    { name: EVENTS_STREAM, subjects: [...subjects], limits: limits.events },
    {
      name: DEAD_LETTER_STREAM,
      subjects: [`${DEAD_LETTER_PREFIX}>`, `${DEAD_LETTER_REPLAY_PREFIX}>`],
      limits: limits.deadLetters,
    },
  ];
  for (const stream of wanted) {
    const config = {
      name: stream.name,
      subjects: stream.subjects,
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: replicas,
      ...limitsConfig(stream.limits),
    };
    try {
      const info = await jsm.streams.info(stream.name);
      const missing = stream.subjects.filter((s) => !info.config.subjects?.includes(s));
      const replicasDiffer = (info.config.num_replicas || 1) !== replicas;
      if (missing.length > 0 || replicasDiffer || limitsDiffer(info.config, stream.limits)) {
        // Every service brings the stream to the limits and replicas it was given (all read one ConfigMap).
        await jsm.streams.update(stream.name, {
          ...info.config,
          subjects: stream.subjects,
          num_replicas: replicas,
          ...limitsConfig(stream.limits),
        });
        logger.info({ stream: stream.name, replicas, ...stream.limits }, 'JetStream stream limits set');
      }
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
      try {
        await jsm.streams.add(config);
      } catch (addErr) {
        // Another service created it at the same moment: fine if it now exists.
        await jsm.streams.info(stream.name).catch(() => {
          throw addErr;
        });
      }
    }
  }
}

/**
 * NATS JetStream. All events go to one file-backed stream; each service has one durable pull consumer per
 * subject, shared by its replicas (the JetStream form of a queue group). Publishes carry the event id as
 * Nats-Msg-Id so the stream drops duplicates from outbox retries.
 */
export class JetStreamBus implements EventBus {
  readonly transport = 'jetstream' as const;
  private readonly js: JetStreamClient;
  private readonly subscriptions: Subscription[] = [];
  private wakeups: (() => void)[] = [];
  private readonly inFlight = new InFlight(MAX_CONCURRENT_HANDLERS);
  private connected = true;
  private closing = false;
  private consuming = true;
  private paused = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly options: BusOptions,
  ) {
    this.js = jetstream(nc);
    void this.watchStatus();
  }

  static async connect(options: BusOptions): Promise<JetStreamBus> {
    for (let attempt = 1; ; attempt += 1) {
      let nc: NatsConnection | undefined;
      try {
        nc = await connect({
          servers: natsServers(options.url),
          name: options.serviceName,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          timeout: 5_000,
          ...connectionCredentials(options.credentials),
        });
        const jsm = await jetstreamManager(nc);
        await ensureStreams(
          jsm,
          options.streamLimits ?? DEFAULT_JETSTREAM_LIMITS,
          options.streamReplicas ?? 1,
        );
        logger.info('connected to NATS JetStream');
        return new JetStreamBus(nc, jsm, options);
      } catch (err) {
        // A connection whose streams could not be made is not kept: it would reconnect forever.
        await nc?.close().catch(() => undefined);
        if (attempt >= 60) throw err;
        logger.warn({ err: (err as Error).message, attempt }, 'NATS JetStream not reachable yet, retrying');
        await delay(1_000);
      }
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        logger.warn('NATS JetStream disconnected');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        logger.info('NATS JetStream reconnected');
      }
    }
  }

  async publish<S extends Subject>(subject: S, data: EventData<S>, options?: PublishOptions): Promise<void> {
    const { envelope, bytes } = encodeEnvelope(subject, data, options);
    await this.publishWithRetry(subject, bytes, envelope.id);
    countPublished(subject);
  }

  /**
   * A publish sent while the client reconnects can be lost and only time out, so it is retried a few times.
   * That is safe: the message id makes the stream drop a copy it already stored. A refusal by the stream (full,
   * `discard: new`) is thrown at once: it lasts until messages age out, and the outbox retries it.
   */
  private async publishWithRetry(subject: string, bytes: string, msgID: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.js.publish(subject, bytes, { msgID, timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt >= 4 || this.nc.isClosed() || err instanceof JetStreamApiError) throw err;
        logger.warn({ err: (err as Error).message, subject, attempt }, 'JetStream publish failed; retrying');
        await delay(250 * attempt);
      }
    }
  }

  async subscribe<S extends Subject>(
    subject: S,
    handler: Handler<S>,
    options?: SubscribeOptions,
  ): Promise<void> {
    const settings = { ...DEFAULT_SUBSCRIBE_OPTIONS, ...options };
    const durable = consumerName(this.options.serviceName, subject);
    const config = {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(settings.ackWaitMs),
      max_ack_pending: 1_000,
    };
    try {
      await this.jsm.consumers.add(EVENTS_STREAM, config);
    } catch {
      // exists already (another replica made it): keep its position, refresh what may change
      await this.jsm.consumers.update(EVENTS_STREAM, durable, { ack_wait: config.ack_wait });
    }
    const subscription: Subscription = {
      subject,
      handler: handler as unknown as Handler<Subject>,
      consumer: await this.js.consumers.get(EVENTS_STREAM, durable),
      maxInFlight: settings.maxInFlight,
    };
    this.subscriptions.push(subscription);
    void this.pump(subscription);
  }

  private taking(): boolean {
    return this.consuming && !this.paused;
  }

  /** Pulls and dispatches while the bus takes messages; while paused it pulls nothing and waits for resume(). */
  private async pump(subscription: Subscription): Promise<void> {
    while (this.consuming) {
      if (this.paused) {
        await new Promise<void>((resolve) => this.wakeups.push(resolve));
        continue;
      }
      try {
        const messages = await subscription.consumer.consume({
          max_messages: subscription.maxInFlight,
          expires: PULL_EXPIRES_MS,
        });
        subscription.messages = messages;
        if (!this.taking()) await messages.close();
        for await (const message of messages) {
          // Pull no further ahead than the process can handle: a message fetched is a message whose ack wait runs.
          if (this.taking()) await this.inFlight.waitBelow();
          // Paused or stopping: handed back at once, for another replica or for this one once resumed.
          if (!this.taking()) {
            message.nak();
            continue;
          }
          void this.inFlight.run(() => this.handle(subscription.subject, message, subscription.handler));
        }
      } catch (err) {
        if (!this.consuming) return;
        logger.warn({ err: (err as Error).message, subject: subscription.subject }, 'JetStream pull failed');
        await delay(1_000);
      } finally {
        subscription.messages = undefined;
      }
    }
  }

  private async handle(subject: Subject, message: JsMsg, handler: Handler<Subject>): Promise<void> {
    const decision = await processDelivery(
      { subject, payload: message.string(), deliveryCount: message.info.deliveryCount },
      handler,
      {
        serviceName: this.options.serviceName,
        publishDeadLetter: (letter) =>
          this.publishWithRetry(
            deadLetterSubject(subject),
            JSON.stringify(letter),
            // per service: every consumer of the message that fails it files its own letter
            `${message.info.stream}-${message.seq}-${this.options.serviceName}-dead-letter`,
          ),
      },
    );
    // The server redelivers a nak'd message after its delay, without waiting for the ack wait.
    if (decision.verdict === 'ack') message.ack();
    else message.nak(decision.retryInMs);
  }

  isConnected(): boolean {
    return this.connected && !this.closing && !this.nc.isClosed();
  }

  async pause(): Promise<void> {
    if (this.paused || !this.consuming) return;
    this.paused = true;
    await this.closeConsumers();
  }

  async resume(): Promise<void> {
    if (!this.paused) return;
    this.paused = false;
    this.wake();
  }

  async stopConsuming(): Promise<void> {
    if (!this.consuming) return;
    this.consuming = false;
    this.wake();
    await this.closeConsumers();
    await this.inFlight.drain();
  }

  private wake(): void {
    for (const wake of this.wakeups.splice(0)) wake();
  }

  private async closeConsumers(): Promise<void> {
    await Promise.all(
      this.subscriptions.map((subscription) => subscription.messages?.close().catch(() => undefined)),
    );
  }

  async close(): Promise<void> {
    if (this.closing) return;
    await this.stopConsuming();
    this.closing = true;
    await this.nc.drain().catch(() => undefined);
  }
}
