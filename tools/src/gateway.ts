import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Route {
  /** Path prefix, matched on segment boundaries as an Ingress `Prefix` path is. */
  prefix: string;
  target: { host: string; port: number };
}

/** The Ingress's routes: each API prefix to its service, everything else to the client. */
export function ingressRoutes(ports: Record<string, number | undefined>): Route[] {
  const routes: Route[] = [];
  const add = (prefix: string, port: number | undefined) => {
    if (port) routes.push({ prefix, target: { host: '127.0.0.1', port } });
  };
  add('/api/users', ports.auth);
  add('/api/tickets', ports.tickets);
  add('/api/orders', ports.orders);
  add('/api/payments', ports.payments);
  add('/', ports.client);
  return routes;
}

export function matchRoute(routes: Route[], path: string): Route | undefined {
  const pathname = path.split('?')[0] ?? '/';
  // Longest prefix wins, as with an Ingress.
  return [...routes]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find(
      (route) => route.prefix === '/' || pathname === route.prefix || pathname.startsWith(`${route.prefix}/`),
    );
}

function sendJson(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message }] }));
}

/** A reverse proxy that routes exactly like the Kubernetes Ingress, for the one-machine platform. */
export function startGateway(port: number, routes: Route[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = matchRoute(routes, req.url ?? '/');
    if (!route) {
      sendJson(res, 404, 'Not found');
      return;
    }
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const upstream = request(
      {
        host: route.target.host,
        port: route.target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) sendJson(res, 502, 'Service unavailable');
      else res.destroy();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
