import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Histogram } from 'prom-client';
import type { RequestLabel } from './metric-definitions';

/** The span Next.js opens around each request it serves (its root span, one per request). */
export const REQUEST_SPAN_TYPE = 'BaseServer.handleRequest';
/** The route label of a request no page or route handler took, as the services label theirs. */
export const UNMATCHED_ROUTE = 'unmatched';
/** Probes, left out as the services leave out theirs: they would outnumber the visitors' requests. */
const UNMEASURED_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * Observes each request Next.js served into the request histogram, labelled by the route template Next.js
 * resolved (`next.route`: `/tickets/[id]`), never by the URL (`http.target`), which carries ids.
 */
export class RequestDurationProcessor implements SpanProcessor {
  constructor(private readonly histogram: Histogram<RequestLabel>) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes;
    if (attributes['next.span_type'] !== REQUEST_SPAN_TYPE) return;
    // The pass that runs proxy.ts ends "bubbled" to the router, which then serves the request in a second pass.
    if (attributes['next.bubble'] === true) return;
    const route = attributes['next.route'];
    if (typeof route === 'string' && UNMEASURED_ROUTES.has(route)) return;
    const [seconds, nanoseconds] = span.duration;
    this.histogram.observe(
      {
        method: String(attributes['http.method']),
        route: typeof route === 'string' ? route : UNMATCHED_ROUTE,
        status: String(attributes['http.status_code']),
      },
      seconds + nanoseconds / 1e9,
    );
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
