import type { Express } from 'express';
import type { Server } from 'node:http';
import { logger } from '../logger';

export type ShutdownStep = () => Promise<unknown>;

/**
 * Starts listening and wires SIGTERM/SIGINT to a graceful stop: stop accepting and finish in-flight requests,
 * then run the steps in order (stop consuming messages, relays, close bus and DB), then exit.
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
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
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
