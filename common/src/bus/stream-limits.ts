import { DiscardPolicy, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export const MiB = 1024 * 1024;

/** How long a JetStream stream keeps a message at most, and how many bytes it holds at most. */
export interface StreamLimits {
  maxAgeHours: number;
  maxBytes: number;
}

export interface JetStreamLimits {
  events: StreamLimits;
  deadLetters: StreamLimits;
}

/**
 * Sized to the nats StatefulSet's 1 GiB volume: 768 MiB for the two streams (three quarters, the rest for the
 * consumers' state and the file blocks not compacted yet). Events are consumed within seconds, so a week is
 * ample to replay or investigate; dead letters wait for a person, so they keep a month.
 */
export const DEFAULT_JETSTREAM_LIMITS: JetStreamLimits = {
  events: { maxAgeHours: 7 * 24, maxBytes: 640 * MiB },
  deadLetters: { maxAgeHours: 30 * 24, maxBytes: 128 * MiB },
};

/**
 * The limit part of a stream's configuration. `discard: new`: at the limit the stream refuses publishes instead
 * of dropping its oldest messages, which a consumer may not have read yet. The outbox keeps a refused event and
 * its relay retries it, so nothing is lost and the backlog shows in the outbox metrics.
 */
export function limitsConfig(limits: StreamLimits): Pick<StreamConfig, 'max_age' | 'max_bytes' | 'discard'> {
  return {
    max_age: nanos(limits.maxAgeHours * 3_600_000),
    max_bytes: limits.maxBytes,
    discard: DiscardPolicy.New,
  };
}

/** Whether a stream's configuration differs from the wanted limits (then it is updated). */
export function limitsDiffer(current: Partial<StreamConfig>, limits: StreamLimits): boolean {
  const wanted = limitsConfig(limits);
  return (
    current.max_age !== wanted.max_age ||
    current.max_bytes !== wanted.max_bytes ||
    current.discard !== wanted.discard
  );
}
