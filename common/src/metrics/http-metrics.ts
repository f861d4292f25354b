import { Router, type Request } from 'express';
import { DURATION_BUCKETS, collectProcessMetrics, histogram, metricsRegistry } from './registry';

/**
 * GET /metrics in the Prometheus text format: the process metrics and everything this process registered.
 * Mounted beside /healthz, outside /api, so neither the Ingress nor the gateway ever routes it: only what
 * reaches the pod directly (Prometheus in the cluster) can scrape it.
 */
export function metricsRouter(): Router {
  collectProcessMetrics();
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await metricsRegistry.metrics();
    res.set('Content-Type', metricsRegistry.contentType).set('Cache-Control', 'no-store').send(text);
  });
  return router;
}

/** The label of requests no route took (404s, bodies refused before routing): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The template of the route that handled the request (`/api/orders/:orderId`), joined to the mount path of
 * its router: bounded, unlike the URL, which carries ids.
 */
export function routeTemplate(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}

const requestDuration = histogram(
  'http_request_duration_seconds',
  'Time from receiving an HTTP request to finishing its response, by method, route template and status',
  ['method', 'route', 'status'],
  DURATION_BUCKETS,
);

/** Records one finished request; called by the request context's single `finish` listener. */
export function observeRequest(req: Request, statusCode: number, seconds: number): void {
  requestDuration.observe(
    { method: req.method, route: routeTemplate(req), status: String(statusCode) },
    seconds,
  );
}
