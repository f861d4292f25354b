import type { Express } from 'express';
import type { Server } from 'node:http';
import type { EventBus } from './bus/event-bus';
import { ReadinessGate } from './bus/readiness-gate';
import { readinessOf, type ReadinessCheck } from './http/health';
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
  /** What the bus needs to take messages; by default the checks the app's /readyz decides on. */
  readiness?: Record<string, ReadinessCheck>;
}

/** How long shutdown waits for the outbox's last publishes before leaving them to the next start. */
const LAST_FLUSH_MS = 5_000;

/**
 * Starts a service the same way everywhere: listeners, relay and workers, then HTTP. While the service is not ready
 * (a readiness check of its /readyz fails: its database is unreachable) the bus takes no messages. On SIGTERM it
 * stops in the order that loses nothing: stop HTTP (in-flight requests finish), stop the workers, stop taking
 * messages and drain the handlers, flush the outbox while the bus is still open, close the bus, then the resources.
 */
export async function runService(parts: ServiceParts): Promise<Server> {
  const workers = await startBackground(parts);
  return serve(parts.app, parts.port, shutdownSteps({ ...parts, workers }));
}

/**
 * Everything but HTTP: the readiness gate (a service that starts not ready subscribes paused), the listeners, the
 * relay and the workers. Resolves to the workers shutdown must stop, the gate first.
 */
export async function startBackground(parts: ServiceParts): Promise<Worker[]> {
  const gate = readinessGate(parts);
  await gate?.check();
  for (const listener of parts.listeners ?? []) await listener.listen();
  parts.relay?.start();
  const workers = [...(gate ? [gate] : []), ...(parts.workers ?? [])];
  for (const worker of workers) worker.start();
  return workers;
}

/** The gate that pauses the bus while the service is not ready; none without a bus or readiness checks. */
export function readinessGate(parts: ServiceParts): ReadinessGate | undefined {
  const checks = parts.readiness ?? readinessOf(parts.app);
  if (!parts.bus || Object.keys(checks).length === 0) return undefined;
  return new ReadinessGate(parts.bus, checks);
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
