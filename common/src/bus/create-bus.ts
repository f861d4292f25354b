import { jetStreamLimitsOf, natsCredentialsOf, type JetStreamConfig } from '../config';
import type { EventBus } from './event-bus';
import { JetStreamBus } from './jetstream-bus';
import { StanBus } from './stan-bus';

export interface BusConfig {
  EVENT_BUS: 'stan' | 'jetstream';
  NATS_URL: string;
  NATS_CLUSTER_ID: string;
  NATS_CLIENT_ID: string;
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
}

/** Connects the transport the configuration names; services only ever see EventBus. */
export async function createEventBus(
  serviceName: string,
  config: BusConfig & JetStreamConfig,
): Promise<EventBus> {
  const credentials = natsCredentialsOf(config);
  if (config.EVENT_BUS === 'jetstream')
    return JetStreamBus.connect({
      serviceName,
      url: config.NATS_URL,
      credentials,
      streamLimits: jetStreamLimitsOf(config),
      streamReplicas: config.JETSTREAM_REPLICAS,
    });

  return StanBus.connect({
    serviceName,
    url: config.NATS_URL,
    credentials,
    clusterId: config.NATS_CLUSTER_ID,
    clientId: config.NATS_CLIENT_ID,
  });
}
