import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainAndClose } from './server';

/** A server whose every answer takes `delayMs`, as a real handler waiting on its database does. */
function slowServer(delayMs: number): Promise<Server> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.end('ok'), delayMs);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function get(server: Server, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('drainAndClose', () => {
  it('when draining, then each kept-alive connection is answered with Connection: close and the server closes once they are gone', async () => {
    const server = await slowServer(0);
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await get(server, agent)).connection).toBe('keep-alive');
      // A window far longer than the test's timeout: it ends because the connections went, not on the clock.
      const closed = drainAndClose(server, 600_000);
      expect(await get(server, agent)).toEqual({ status: 200, connection: 'close' });
      await closed;
      expect(server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  it('when clients keep their connections busy, then every request they send is answered until each has been told to close', async () => {
    const server = await slowServer(20);
    // Clients that reuse their connections without pause, as a proxy under load does; each stops (moves to
    // another replica, in a cluster) once it is told its connection closes. Without the close answers they
    // would keep this server's connections busy forever and the drain would never end.
    const agents = Array.from({ length: 8 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    let draining: Promise<void> | undefined;
    const failures: unknown[] = [];
    const client = async (agent: Agent) => {
      for (;;) {
        try {
          const answer = await get(server, agent);
          if (answer.status !== 200) failures.push(answer);
          if (answer.connection === 'close') return;
        } catch (err) {
          failures.push(err);
          return;
        }
      }
    };
    try {
      const clients = agents.map((agent) => client(agent));
      await new Promise((done) => setTimeout(done, 100));
      draining = drainAndClose(server, 600_000);
      await Promise.all(clients);
      await draining;
      expect(failures).toEqual([]);
      expect(server.listening).toBe(false);
    } finally {
      for (const agent of agents) agent.destroy();
    }
  });

  it('when no request comes for the quiet period, then the server closes the idle connections left and stops', async () => {
    const server = await slowServer(0);
    // No idle timeout: this client would hold the connection open for ever.
    const agent = new Agent({ keepAlive: true });
    try {
      await get(server, agent);
      // The window is far longer than the test's timeout: the quiet period ends the drain.
      await drainAndClose(server, 600_000);
      expect(server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });

  it('when the window ends before the quiet period, then the drain ends with the window', async () => {
    const server = await slowServer(0);
    const agent = new Agent({ keepAlive: true });
    try {
      await get(server, agent);
      // A quiet period far longer than the test's timeout: the 200 ms window ends the drain.
      await drainAndClose(server, 200, 600_000);
      expect(server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});
