import type { Instrumentation } from 'next';

// Runs once when the server starts. Node-only work is imported behind the runtime check, as Next.js asks.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { exitOnBadConfig } = await import('./lib/check-config');
    exitOnBadConfig();
    // `next build` loads this file too, and must not take the port.
    if (process.env.NEXT_PHASE !== 'phase-production-build') {
      const { startMetricsServer } = await import('./lib/metrics-server');
      const { startRequestTiming } = await import('./lib/tracing');
      startMetricsServer();
      startRequestTiming();
    }
  }
}

/** Counts the errors Next.js reports, by route template (`/orders/[orderId]`), never by URL. */
export const onRequestError: Instrumentation.onRequestError = async (_error, _request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { clientMetrics } = await import('./lib/metrics');
  clientMetrics().requestErrors.inc({ route: context.routePath, route_type: context.routeType });
};
