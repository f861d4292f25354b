import 'server-only';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { clientMetrics } from './metrics';
import { RequestDurationProcessor } from './request-duration';

/**
 * Turns on the OpenTelemetry spans Next.js emits, only to time requests by route template: Next.js alone knows
 * which page or route handler took a request, and tells it on its request span. No exporter; no propagator, so
 * an incoming `traceparent` is ignored, and every request is sampled (a caller cannot opt out of being counted).
 * The context manager is needed: Next.js carries the route to the request span through the active context.
 */
export function startRequestTiming(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new TracerProvider({
      sampler: new AlwaysOnSampler(),
      spanProcessors: [new RequestDurationProcessor(clientMetrics().requestDuration)],
    }),
  );
}
