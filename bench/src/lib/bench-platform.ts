import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { SessionSigningKey } from '@ticketing/common';
import { startPlatform, type Platform, type ServiceName } from '@ticketing/tools';
import { Visitor } from '../../../e2e/src/support/api';
import { startGatewayProcess, type GatewayProcess } from './server-process';
import { Session } from './http';

export interface BenchPlatformOptions {
  eventBus?: 'stan' | 'jetstream';
  expirationWindowSeconds?: number;
  /** Orders' lapse grace (the platform's default for the window unless set). */
  lapseGraceSeconds?: number;
  sweepIntervalMs?: number;
}

export interface BenchPlatform {
  platform: Platform;
  transport: 'stan' | 'jetstream';
  /** The gateway (its own process), as a browser would reach the API. */
  url: string;
  gateway: GatewayProcess;
  /** A service directly, bypassing the gateway. */
  serviceUrl(name: ServiceName): string;
  /** A buyer or seller with a session cookie minted with the platform's session signing key; through the gateway by default. */
  session(baseUrl?: string): Session;
  /** A visitor with a real account (signs up through auth), through the gateway. */
  visitor(): Visitor;
  /** A service's own database (to check what the API does not show), or admin (server statistics). */
  database(name: 'orders' | 'tickets' | 'auth' | 'payments' | 'admin'): Db;
  /** The process id of every part: services, gateway and dependencies. */
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * The whole platform as `npm start` runs it (startPlatform: same code, same topology) on free ports, in a temp
 * directory, services logging at warn. Its in-process gateway stays idle: load goes through a gateway process.
 */
export async function startBenchPlatform(options: BenchPlatformOptions = {}): Promise<BenchPlatform> {
  const transport = options.eventBus ?? 'stan';
  const dir = mkdtempSync(join(tmpdir(), `bench-${transport}-`));
  const started = Date.now();
  const platform = await startPlatform({
    port: 0,
    eventBus: transport,
    expirationWindowSeconds: options.expirationWindowSeconds ?? 900,
    lapseGraceSeconds: options.lapseGraceSeconds,
    sweepIntervalMs: options.sweepIntervalMs,
    dir,
    ports: 'free',
    withClient: false,
    logLevel: 'warn',
    log: () => undefined,
  });
  let gateway: GatewayProcess | undefined;
  let client: MongoClient | undefined;
  try {
    const { auth, tickets, orders, payments } = platform.services;
    gateway = await startGatewayProcess({
      auth: auth.port,
      tickets: tickets.port,
      orders: orders.port,
      payments: payments.port,
    });
    client = await MongoClient.connect(platform.env.MONGO_URI!);
  } catch (err) {
    await gateway?.stop();
    await platform.stop();
    throw err;
  }
  const mongo = client;
  const signer: SessionSigningKey = {
    keyId: platform.sessionKeys.JWT_KEY_ID,
    privateKey: createPrivateKey(platform.sessionKeys.JWT_PRIVATE_KEY),
  };
  const proxy = gateway;
  console.log(
    `  platform (${transport}) up in ${((Date.now() - started) / 1000).toFixed(1)} s, data in ${dir}`,
  );
  return {
    platform,
    transport,
    url: proxy.url,
    gateway: proxy,
    serviceUrl: (name) => `http://127.0.0.1:${platform.services[name].port}`,
    session: (baseUrl = proxy.url) => new Session(baseUrl, signer),
    visitor: () => new Visitor(proxy.url),
    database: (name) => mongo.db(name),
    pids() {
      const pids: Record<string, number> = { gateway: proxy.pid };
      for (const [name, service] of Object.entries(platform.services)) {
        if (service.pid) pids[name] = service.pid;
      }
      for (const dependency of platform.dependencies) {
        if (dependency.server?.pid) pids[dependency.name] = dependency.server.pid;
      }
      return pids;
    },
    async stop() {
      await mongo.close();
      await proxy.stop();
      await platform.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a platform, runs fn with it and always stops it. */
export async function withPlatform<T>(
  options: BenchPlatformOptions,
  fn: (bench: BenchPlatform) => Promise<T>,
): Promise<T> {
  const bench = await startBenchPlatform(options);
  try {
    return await fn(bench);
  } finally {
    await bench.stop();
  }
}
