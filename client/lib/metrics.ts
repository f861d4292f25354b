import 'server-only';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** The client's metrics, labelled like the services' (`service`, names prefixed `ticketing_`). */
export interface ClientMetrics {
  registry: Registry;
  /** Errors Next.js reported while rendering a page or running a route handler, by route template. */
  requestErrors: Counter<'route' | 'route_type'>;
}

// Next.js compiles instrumentation and the app into separate bundles, each with its own copy of this module:
// the one set of metrics of the process lives on globalThis so that both see it.
const KEY = Symbol.for('ticketing.client.metrics');
const store = globalThis as unknown as Record<symbol, ClientMetrics | undefined>;

function create(): ClientMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'client' });
  collectDefaultMetrics({ register: registry });
  const requestErrors = new Counter({
    name: 'ticketing_client_request_errors_total',
    help: 'Errors while rendering a page or running a route handler, by route template and kind of route',
    labelNames: ['route', 'route_type'] as const,
    registers: [registry],
  });
  return { registry, requestErrors };
}

export function clientMetrics(): ClientMetrics {
  return (store[KEY] ??= create());
}
