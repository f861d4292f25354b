import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

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
  // auth serves the API reference of every service.
  add('/api/docs', ports.auth);
  add('/api/tickets', ports.tickets);
  add('/api/orders', ports.orders);
  add('/api/payments', ports.payments);
  add('/', ports.client);
  return routes;
}

/** The routes longest prefix first: the order in which the first match is the Ingress's match. */
function longestPrefixFirst(routes: Route[]): Route[] {
  return [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
}

function firstMatch(ordered: Route[], path: string): Route | undefined {
  const pathname = path.split('?')[0] ?? '/';
  return ordered.find(
    (route) => route.prefix === '/' || pathname === route.prefix || pathname.startsWith(`${route.prefix}/`),
  );
}

/** The route an Ingress would take for this path: the longest matching prefix. */
export function matchRoute(routes: Route[], path: string): Route | undefined {
  return firstMatch(longestPrefixFirst(routes), path);
}

// Hop-by-hop headers describe one connection, not the message: a proxy must not pass them on (RFC 9110 7.6.1).
// Forwarding a service's `Keep-Alive: timeout=65` made clients reuse connections the gateway had already closed.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

function endToEnd<T extends Record<string, unknown>>(headers: T): T {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function sendJson(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message }] }));
}

/**
 * Connections to the services are kept alive but let go after 2 s idle: sooner than a stopping service closes
 * the idle ones it still has (common/src/http/server.ts, DRAIN_MS), so that none is closed under a request.
 */
const upstreamAgent = new Agent({ keepAlive: true, timeout: 2_000 });

/** Methods a proxy may send again when the connection failed before any answer (ingress-nginx does the same). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/**
 * Attempts of an idempotent request whose connection failed before any answer (ingress-nginx's
 * `proxy_next_upstream error`, 3 tries): a kept-alive connection the service closed is retried at once; a new
 * connection refused or reset (a pod stopping while the Service still sends new connections to it) after a pause,
 * so that the next connection can reach another pod.
 */
const ATTEMPTS = 3;
const PAUSE_MS = 100;

/** A reverse proxy that routes exactly like the Kubernetes Ingress, for the one-machine platform. */
export function startGateway(port: number, routes: Route[]): Promise<Server> {
  // Ordered once, not on every request.
  const ordered = longestPrefixFirst(routes);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = firstMatch(ordered, req.url ?? '/');
    if (!route) {
      sendJson(res, 404, 'Not found');
      return;
    }
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const headers = {
      ...endToEnd(req.headers),
      'x-forwarded-for': forwardedFor,
      'x-forwarded-proto': 'http',
      'x-forwarded-host': req.headers.host ?? '',
    };
    const send = (body: Buffer | undefined, attempt: number) => {
      const upstream = request(
        {
          host: route.target.host,
          port: route.target.port,
          method: req.method,
          path: req.url,
          headers,
          agent: upstreamAgent,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, endToEnd(response.headers));
          response.pipe(res);
        },
      );
      upstream.on('error', () => {
        // Nothing was answered: an idempotent request goes again (see ATTEMPTS).
        if (!res.headersSent && body !== undefined && attempt < ATTEMPTS) {
          if (upstream.reusedSocket) send(body, attempt + 1);
          else setTimeout(() => send(body, attempt + 1), PAUSE_MS * attempt);
          return;
        }
        if (!res.headersSent) sendJson(res, 502, 'Service unavailable');
        else res.destroy();
      });
      if (body === undefined) req.pipe(upstream);
      else upstream.end(body);
    };
    if (!IDEMPOTENT.has(req.method ?? '')) {
      send(undefined, 1);
      return;
    }
    // Idempotent requests are read whole first (they are small or empty), so that they can be sent again.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => send(Buffer.concat(chunks), 1));
  });
  // Idle connections are kept as long as the services keep theirs.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
