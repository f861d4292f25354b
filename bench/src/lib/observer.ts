import { randomBytes } from 'node:crypto';
import {
  createEventBus,
  jetStreamConfigShape,
  loadConfig,
  OPERATOR_USER,
  type EventBus,
  type Subject,
} from '@ticketing/common';
import type { BenchPlatform } from './bench-platform';

/** When each event of some subjects was first delivered to a bystander subscribed like a service. */
export interface Observer {
  /** subject -> key (e.g. order id) -> Date.now() at first delivery. */
  seen: Map<Subject, Map<string, number>>;
  close(): Promise<void>;
}

/**
 * Subscribes to the platform's bus as a service of its own (its own queue group and durables), so it receives
 * every event of the subjects without taking any from the real services. key picks what identifies an event.
 */
export async function observe(
  bench: BenchPlatform,
  subjects: { subject: Subject; key: (data: Record<string, unknown>) => string }[],
): Promise<Observer> {
  const env = bench.platform.env;
  const bus: EventBus = await createEventBus('bench-observer', {
    EVENT_BUS: bench.transport,
    NATS_URL: (bench.transport === 'stan' ? env.NATS_STREAMING_URL : env.NATS_JETSTREAM_URL) ?? '',
    NATS_CLUSTER_ID: env.NATS_CLUSTER_ID ?? 'ticketing',
    NATS_CLIENT_ID: `bench-observer-${randomBytes(4).toString('hex')}`,
    // No service may read another's subjects: the observer reads as the operator (who may do anything).
    ...(bench.platform.natsPasswords?.[OPERATOR_USER]
      ? { NATS_USER: OPERATOR_USER, NATS_PASSWORD: bench.platform.natsPasswords[OPERATOR_USER] }
      : {}),
    // The platform's own stream limits, so the observer's connection leaves them as they are.
    ...loadConfig(jetStreamConfigShape(), env),
  });
  const seen = new Map<Subject, Map<string, number>>();
  for (const { subject, key } of subjects) {
    const times = new Map<string, number>();
    seen.set(subject, times);
    await bus.subscribe(
      subject,
      async (data) => {
        const id = key(data as unknown as Record<string, unknown>);
        if (!times.has(id)) times.set(id, Date.now());
      },
      { maxInFlight: 256 },
    );
  }
  return { seen, close: () => bus.close() };
}
