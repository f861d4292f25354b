import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The user id in the visitor's `session` cookie, as the client forwarded it; null when signed out. */
  userId: string | null;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  setCookies?: string[];
  headers?: Record<string, string>;
}

export type FakeRoute = (request: FakeRequest) => FakeReply | undefined;

/**
 * One HTTP server standing in for auth, tickets, orders and payments (the client is given its URL for all
 * four). A visitor is "signed in" as `<id>` by the cookie `session=<id>`; currentuser answers from it. Tests
 * add routes; a route that answers undefined passes the request on; anything unanswered is a 404.
 */
export class FakeServices {
  private routes: FakeRoute[] = [];
  /** Every service answers 503, as during an outage. */
  down = false;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeServices> {
    // The server needs its handler before the instance that owns it exists.
    const ref: { fake?: FakeServices } = {};
    const server = createServer((req, res) => {
      void ref.fake?.handle(req, res);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    ref.fake = new FakeServices(server, `http://127.0.0.1:${port}`);
    return ref.fake;
  }

  on(route: FakeRoute): void {
    this.routes.push(route);
  }

  reset(): void {
    this.routes = [];
    this.down = false;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const session = /(?:^|;\s*)session=([^;]+)/.exec(req.headers.cookie ?? '');
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      userId: session?.[1] ?? null,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    const reply = this.down
      ? { status: 503, body: { errors: [{ message: 'Service unavailable' }] } }
      : this.answer(request);
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    if (reply.setCookies) res.setHeader('set-cookie', reply.setCookies);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  private answer(request: FakeRequest): FakeReply {
    for (const route of this.routes) {
      const reply = route(request);
      if (reply) return reply;
    }
    if (request.method === 'GET' && request.path === '/api/users/currentuser') {
      const currentUser = request.userId
        ? { id: request.userId, email: `${request.userId}@example.com` }
        : null;
      return { status: 200, body: { currentUser } };
    }
    if (request.method === 'GET' && request.path === '/api/tickets') return { status: 200, body: [] };
    return { status: 404, body: { errors: [{ message: 'Not found' }] } };
  }
}
