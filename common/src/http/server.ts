import type { Express } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { logger } from '../logger';

export type ShutdownStep = () => Promise<unknown>;

/**
 * How long a stopping server waits at most for its clients to drop their kept-alive connections before it closes
 * the idle ones itself: longer than the idle timeout of the clients that reach it through a Service (the
 * gateway's 2 s, undici's 4 s), so that it never closes a connection under a request being sent on it.
 */
export const DRAIN_MS = 5_000;

/**
 * The drain also ends once no request has arrived for this long: whoever still holds a connection then is not
 * using it (a client idle for a while, or none at all when nothing routes here any more).
 */
export const DRAIN_QUIET_MS = 1_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function openConnections(server: Server): Promise<number> {
  return new Promise((done) => server.getConnections((err, count) => done(err ? 0 : count)));
}

/**
 * Stops an HTTP server without failing a request of the clients that keep connections alive. Through a
 * Kubernetes Service a kept-alive connection stays on the pod it first reached (connection tracking), so
 * removing the pod's endpoint moves none of them, and `server.close()` alone would keep serving the busy ones
 * (their client keeps reusing them) and close idle ones as a request may be on its way.
 * 1. Every answer from now on says `Connection: close`: each connection ends after its next answer and its
 *    client opens a new one, which reaches a replica still serving.
 * 2. It keeps listening until every connection has gone, or no request came for `quietMs`, or `drainMs`
 *    passed: a client in the middle of using a connection is told to close it before it is closed.
 * 3. It stops listening and closes the idle connections left until the in-flight requests have finished.
 */
export async function drainAndClose(
  server: Server,
  drainMs = DRAIN_MS,
  quietMs = DRAIN_QUIET_MS,
): Promise<void> {
  let lastRequestAt = Date.now();
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    lastRequestAt = Date.now();
    res.setHeader('Connection', 'close');
  });
  const deadline = Date.now() + drainMs;
  const draining = async () =>
    Date.now() < deadline && Date.now() - lastRequestAt < quietMs && (await openConnections(server)) > 0;
  while (await draining()) await sleep(50);
  let closed = false;
  const done = new Promise<void>((resolve) =>
    server.close(() => {
      closed = true;
      resolve();
    }),
  );
  // A connection whose last answer left it idle after close() was called is closed on the next pass.
  while (!closed) {
    server.closeIdleConnections();
    await Promise.race([done, sleep(100)]);
  }
}

/**
 * Starts listening and wires SIGTERM/SIGINT to a graceful stop: drain and close HTTP (drainAndClose), then run
 * the steps in order (stop consuming messages, relays, close bus and DB), then exit.
 */
export function serve(app: Express, port: number, steps: ShutdownStep[], graceMs = 25_000): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(port, () => {
      logger.info({ port }, 'listening');
      resolve(server);
    });
    server.keepAliveTimeout = 65_000;
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        logger.error('graceful shutdown timed out');
        process.exit(1);
      }, graceMs);
      timer.unref();
      try {
        await drainAndClose(server);
        for (const step of steps) await step();
        logger.info('stopped');
        process.exit(0);
      } catch (err) {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}
