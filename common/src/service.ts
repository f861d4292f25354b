import type { Express } from 'express';
import type { Server } from 'node:http';
import type { EventBus } from './bus/event-bus';
import type { OutboxRelay } from './outbox/outbox';
import { serve, type ShutdownStep } from './http/server';
import { logger } from './logger';

/** Something a service runs in the background beside HTTP and its listeners (a sweeper, a job processor). */
export interface Worker {
  start(): void;
  /** Resolves once the work in progress is done; no new work starts. */
  stop(): Promise<void>;
}

export interface ServiceParts {
  app: Express;
  port: number;
  bus?: EventBus;
  /** Every subscription of the service (its `events/listeners/index.ts`). */
  listeners?: { listen(): Promise<void> }[];
  /** Publishes what the service's writes leave in their outboxes. */
  relay?: OutboxRelay;
  workers?: Worker[];
  /** Closed last, in order (a Redis queue, the database). */
  resources?: ShutdownStep[];
}

/** How long shutdown waits for the outbox's last publishes before leaving them to the next start. */
const LAST_FLUSH_MS = 5_000;

/**
 * Starts a service the same way everywhere: listeners, relay and workers, then HTTP. On SIGTERM it stops in the
 * order that loses nothing: stop HTTP (in-flight requests finish), stop the workers, stop taking messages and
 * drain the handlers, flush the outbox while the bus is still open, close the bus, then the resources.
 */
export async function runService(parts: ServiceParts): Promise<Server> {
  for (const listener of parts.listeners ?? []) await listener.listen();
  parts.relay?.start();
  for (const worker of parts.workers ?? []) worker.start();
  return serve(parts.app, parts.port, shutdownSteps(parts));
}

/**
 * What shutdown does once HTTP stopped (in-flight requests finished): stop the workers, stop taking messages and
 * drain the handlers, flush the outbox while the bus is still open, close the bus, then the resources.
 */
export function shutdownSteps({ bus, relay, workers = [], resources = [] }: ServiceParts): ShutdownStep[] {
  return [
    () => Promise.all(workers.map((worker) => worker.stop())),
    async () => bus?.stopConsuming(),
    async () => {
      if (!relay) return;
      const flushed = relay.flush().catch((err: unknown) => {
        logger.warn({ err }, 'last outbox flush failed; the next start publishes what is left');
      });
      await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, LAST_FLUSH_MS).unref())]);
      await relay.stop();
    },
    async () => bus?.close(),
    ...resources,
  ];
}
