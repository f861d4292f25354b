import 'server-only';
import { createServer, type Server } from 'node:http';
import { clientMetrics } from './metrics';
import { metricsPort } from './config';

/**
 * Serves GET /metrics on its own port (METRICS_PORT, 9464 by default), never on the one the Ingress sends `/`
 * to: every path of the main port is public, this one is reached only inside the cluster (the client's
 * Service does not expose it, and a NetworkPolicy admits only Prometheus).
 */
export function startMetricsServer(): Server {
  const { registry } = clientMetrics();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (text) =>
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      (error: unknown) => {
        console.error('client: could not collect metrics', error);
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Could not collect metrics\n');
      },
    );
  });
  server.on('error', (error) => console.error('client: metrics server failed', error));
  server.listen(metricsPort());
  // Next.js decides when the process ends; the scrape endpoint never holds it open.
  server.unref();
  return server;
}
