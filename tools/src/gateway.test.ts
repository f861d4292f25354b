import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startGateway, type Route } from './gateway';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise((done) => server.close(done));

/**
 * A service that answers the first request of each connection and, like a service stopping at the wrong moment,
 * drops the connection without answering when a second request arrives on it. It counts what it answered.
 */
async function flakyService(): Promise<{ server: Server; port: number; answered: string[] }> {
  const answered: string[] = [];
  const served = new WeakMap<Socket, number>();
  const server = createServer((req: IncomingMessage, res) => {
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    if (count > 1) {
      req.socket.destroy();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      answered.push(`${req.method} ${req.url} ${body}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  server.keepAliveTimeout = 65_000;
  return { server, port: await listen(server), answered };
}

describe('gateway', () => {
  let service: Awaited<ReturnType<typeof flakyService>>;
  let gateway: Server;
  let base: string;

  beforeEach(async () => {
    service = await flakyService();
    const routes: Route[] = [{ prefix: '/api/things', target: { host: '127.0.0.1', port: service.port } }];
    gateway = await startGateway(0, routes);
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    gateway.closeAllConnections();
    service.server.closeAllConnections();
    await Promise.all([close(gateway), close(service.server)]);
  });

  it('when a kept-alive connection is dropped under an idempotent request, then the request is sent again on a new one', async () => {
    expect((await fetch(`${base}/api/things/1`)).status).toBe(200);
    // The gateway reuses its kept-alive connection, which the service drops: the retry answers.
    const again = await fetch(`${base}/api/things/2`, { method: 'PUT', body: 'x=1' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ method: 'PUT', body: 'x=1' });
    expect(service.answered).toEqual(['GET /api/things/1 ', 'PUT /api/things/2 x=1']);
  });

  it('when a kept-alive connection is dropped under a POST, then it is a 502 and the POST is not sent twice', async () => {
    expect((await fetch(`${base}/api/things/1`)).status).toBe(200);
    const post = await fetch(`${base}/api/things`, { method: 'POST', body: 'x=1' });
    expect(post.status).toBe(502);
    expect(service.answered).toEqual(['GET /api/things/1 ']);
  });

  it('when a new connection is reset before any answer (a pod stopping), then an idempotent request is sent again on another', async () => {
    let resets = 0;
    service.server.on('connection', (socket: Socket) => {
      if (resets < 2) {
        resets += 1;
        socket.destroy();
      }
    });
    const answer = await fetch(`${base}/api/things/3`);
    expect(answer.status).toBe(200);
    expect(resets).toBe(2);
    expect(service.answered).toEqual(['GET /api/things/3 ']);
  });

  it('when every attempt of an idempotent request is reset, then it is a 502 after three', async () => {
    let resets = 0;
    service.server.on('connection', (socket: Socket) => {
      resets += 1;
      socket.destroy();
    });
    expect((await fetch(`${base}/api/things/4`)).status).toBe(502);
    expect(resets).toBe(3);
    expect(service.answered).toEqual([]);
  });

  it('when the path matches no route, then it is a 404', async () => {
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});
