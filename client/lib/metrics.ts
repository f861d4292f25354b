import 'server-only';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { declareClientMetrics, type ClientMetricSet } from './metric-definitions';

/** The client's metrics, labelled like the services' (`service`, names prefixed `ticketing_`). */
export interface ClientMetrics extends ClientMetricSet {
  registry: Registry;
}

// Next.js compiles instrumentation and the app into separate bundles, each with its own copy of this module:
// the one set of metrics of the process lives on globalThis so that both see it.
const KEY = Symbol.for('ticketing.client.metrics');
const store = globalThis as unknown as Record<symbol, ClientMetrics | undefined>;

function create(): ClientMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'client' });
  collectDefaultMetrics({ register: registry });
  return { registry, ...declareClientMetrics(registry) };
}

export function clientMetrics(): ClientMetrics {
  return (store[KEY] ??= create());
}
