import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The services' request buckets (common's DURATION_BUCKETS, checked equal in e2e/src/metrics.test.ts): the client
 * shares their request histogram's name, so one query aggregates or compares all of them.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type RequestLabel = 'method' | 'route' | 'status';
export type ApiCallLabel = 'upstream' | 'method' | 'route' | 'status';

/** The client's own metrics; pure declarations on a given registry, so tests can list them without a server. */
export interface ClientMetricSet {
  /** Errors Next.js reported while rendering a page or running a route handler, by route template. */
  requestErrors: Counter<'route' | 'route_type'>;
  /** Pages and route handlers served, by route template (`/tickets/[id]`), as the services count theirs. */
  requestDuration: Histogram<RequestLabel>;
  /** The server's calls to the services, by the API's route template (`/api/tickets/:id`). */
  apiCallDuration: Histogram<ApiCallLabel>;
}

export function declareClientMetrics(registry: Registry): ClientMetricSet {
  const requestErrors = new Counter({
    name: 'ticketing_client_request_errors_total',
    help: 'Errors while rendering a page or running a route handler, by route template and kind of route',
    labelNames: ['route', 'route_type'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'ticketing_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const apiCallDuration = new Histogram({
    name: 'ticketing_client_api_request_duration_seconds',
    help: 'Time of a server-side call to a service until its body is read, by service, method, API route template and status (error, timeout: no answer)',
    labelNames: ['upstream', 'method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return { requestErrors, requestDuration, apiCallDuration };
}
