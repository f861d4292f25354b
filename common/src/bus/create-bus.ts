import { jetStreamLimitsOf, type JetStreamConfig } from '../config';
import type { EventBus } from './event-bus';
import { JetStreamBus } from './jetstream-bus';
import { StanBus } from './stan-bus';

export interface BusConfig {
  EVENT_BUS: 'stan' | 'jetstream';
  NATS_URL: string;
  NATS_CLUSTER_ID: string;
  NATS_CLIENT_ID: string;
}

/** Connects the transport the configuration names; services only ever see EventBus. */
export function createEventBus(serviceName: string, config: BusConfig & JetStreamConfig): Promise<EventBus> {
  if (config.EVENT_BUS === 'jetstream')
    return JetStreamBus.connect({
      serviceName,
      url: config.NATS_URL,
      streamLimits: jetStreamLimitsOf(config),
    });

  return StanBus.connect({
    serviceName,
    url: config.NATS_URL,
    clusterId: config.NATS_CLUSTER_ID,
    clientId: config.NATS_CLIENT_ID,
  });
}
