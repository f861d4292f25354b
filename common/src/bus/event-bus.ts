import type { EventData, Subject } from '../events/contracts';
import type { JetStreamLimits } from './stream-limits';

export interface PublishOptions {
  /** The message id; the broker de-duplicates on it where it can (JetStream). Defaults to a fresh UUID. */
  id?: string;
  /** Defaults to the correlation id of the work in progress. */
  correlationId?: string;
  /**
   * When the event happened: the write that caused it (the outbox keeps it), not the publish, which may come much
   * later. Consumers date what they record by it (a sale's soldAt). Defaults to now.
   */
  occurredAt?: Date;
}

export interface MessageContext {
  id: string;
  subject: Subject;
  correlationId: string;
  occurredAt: string;
  /** 1 on the first delivery. */
  deliveryCount: number;
}

export type Handler<S extends Subject> = (data: EventData<S>, context: MessageContext) => Promise<void>;

export interface SubscribeOptions {
  /** How long the broker waits for an ack before delivering again. */
  ackWaitMs?: number;
  /**
   * Messages of this subscription delivered and not yet acked, at most (the broker's flow control). The process
   * as a whole runs at most MAX_CONCURRENT_HANDLERS handlers, whatever the subscription.
   */
  maxInFlight?: number;
}

/**
 * Handlers one process runs at once across all its subscriptions. Each is a few single-document writes (a
 * conditional write that loses a race retries for at most 2 s), so a message waiting for a slot is handled well
 * inside its ack wait.
 */
export const MAX_CONCURRENT_HANDLERS = 16;

export const DEFAULT_SUBSCRIBE_OPTIONS: Required<SubscribeOptions> = {
  // Handlers take milliseconds; a message left unacked by a crashed consumer comes back after this.
  ackWaitMs: 10_000,
  maxInFlight: 16,
};

/**
 * The one API services see, whatever the transport. Subscriptions are durable and shared by the replicas of
 * a service (queue group and durable named after it); a handler that resolves acks, one that throws does not
 * (see processDelivery for what is retried and what is dead-lettered).
 */
export interface EventBus {
  readonly transport: 'stan' | 'jetstream' | 'fake';
  /** Resolves once the broker confirmed it stored the message. */
  publish<S extends Subject>(subject: S, data: EventData<S>, options?: PublishOptions): Promise<void>;
  subscribe<S extends Subject>(subject: S, handler: Handler<S>, options?: SubscribeOptions): Promise<void>;
  isConnected(): boolean;
  /**
   * Stops taking new messages until resume(), while the service is not ready: handlers already running finish
   * (their acks or retries go out); messages received and not started go back to the broker, for another replica
   * or for this one once resumed. Publishing still works. Resolves once no new handler will start.
   */
  pause(): Promise<void>;
  /** Takes messages again after pause(). */
  resume(): Promise<void>;
  /** Stops taking messages and waits for the handlers running; publishing still works (the outbox's last flush). */
  stopConsuming(): Promise<void>;
  /** Stops consuming if not done yet, then closes the connection. */
  close(): Promise<void>;
}

export interface NatsCredentials {
  user: string;
  password: string;
}

export interface BusOptions {
  /** Names the queue group and the durable subscriptions, e.g. `orders-service`. */
  serviceName: string;
  /** One NATS URL, or the servers of a cluster separated by commas (natsServers). */
  url: string;
  /** The service's own NATS user (BUS_USERS in events/bus-permissions.ts); none on a server without users. */
  credentials?: NatsCredentials;
  /** JetStream only: the limits the streams are made or brought to (the defaults when absent). */
  streamLimits?: JetStreamLimits;
  /** JetStream only: how many servers of the cluster hold each stream (1 when absent; JETSTREAM_REPLICAS). */
  streamReplicas?: number;
}

/**
 * The servers a NATS_URL names: one URL, or several separated by commas. The client connects to any of them and
 * fails over to the others (and to those the servers tell it of, the rest of their cluster).
 */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
}
