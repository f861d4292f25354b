import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxies } from './fault-proxies';

/** One round trip through a TCP echo: what came back, or the error's code. */
function echo(url: string, timeoutMs = 3_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    const done = (answer: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => socket.write('ping'));
    socket.once('data', (data) => done(data.toString()));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

// The real toxiproxy-server (obtained with go install the first time) in front of a TCP echo server.
describe('fault proxies', () => {
  let dir: string;
  let upstream: Server;
  let upstreamUrl: string;
  let proxies: FaultProxies;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fault-proxies-'));
    upstream = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
    const address = upstream.address();
    upstreamUrl = `tcp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    proxies = await FaultProxies.start(dir);
  }, 180_000);
  afterAll(async () => {
    await proxies?.stop();
    await new Promise((done) => upstream.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a service is routed through its proxy, then it reaches the server under the proxy name', async () => {
    const url = await proxies.route('orders', 'mongodb', upstreamUrl);
    expect(url).not.toBe(upstreamUrl);
    expect(await echo(url)).toBe('ping');
    expect(proxies.proxiesOf('mongodb')).toEqual(['orders-mongodb']);
  });

  it("when one service's proxy is disabled, then it is refused and another service's link still passes", async () => {
    const tickets = await proxies.route('tickets', 'nats', upstreamUrl);
    const payments = await proxies.route('payments', 'nats', upstreamUrl);
    await proxies.toxiproxy.setEnabled('tickets-nats', false);
    expect(await echo(tickets)).toBe('ECONNREFUSED');
    expect(await echo(payments)).toBe('ping');
    await proxies.toxiproxy.setEnabled('tickets-nats', true);
    expect(await echo(tickets)).toBe('ping');
  });

  it('when a black hole is added, then nothing comes back until it is removed', async () => {
    const url = await proxies.route('expiration', 'redis', upstreamUrl);
    await proxies.toxiproxy.addToxic('expiration-redis', {
      name: 'hole',
      type: 'timeout',
      stream: 'upstream',
      attributes: { timeout: 0 },
    });
    expect(await echo(url, 1_000)).toBe('timeout');
    await proxies.toxiproxy.removeToxic('expiration-redis', 'hole');
    expect(await echo(url)).toBe('ping');
  });

  it('when reset, then every proxy is enabled again', async () => {
    const url = await proxies.route('auth', 'mongodb', upstreamUrl);
    await proxies.toxiproxy.setEnabled('auth-mongodb', false);
    await proxies.toxiproxy.reset();
    expect(await echo(url)).toBe('ping');
  });
});
