import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  obtainChromium,
  obtainDatabase,
  obtainKustomize,
  obtainNatsServer,
  obtainNatsStreaming,
  obtainRedis,
  obtainStripeMock,
} from './binaries';
import { freePort, isListening, ManagedServer } from './servers';

export const NATS_CLUSTER_ID = 'ticketing';

export interface DependencyOptions {
  /** Data and logs of the servers started here. */
  dir: string;
  /** Fixed ports (local platform) or free ones (tests). */
  ports: 'default' | 'free';
}

export interface Dependency {
  name: string;
  url: string;
  /** Undefined when an already running server was reused. */
  server?: ManagedServer;
}

const DEFAULT_PORTS = { mongodb: 27017, stan: 4222, jetstream: 4223, redis: 6379, 'stripe-mock': 12111 };

function portOf(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const port = new URL(url).port;
    return port ? Number(port) : undefined;
  } catch {
    return undefined;
  }
}

async function reuseOrStart(
  name: keyof typeof DEFAULT_PORTS,
  configuredUrl: string | undefined,
  options: DependencyOptions,
  build: (port: number, dataDir: string, logFile: string) => ManagedServer,
  urlFor: (port: number) => string,
): Promise<Dependency> {
  const configuredPort = portOf(configuredUrl);
  // Only the local platform reuses running servers; tests (free ports) always get their own, to kill at will.
  if (
    options.ports === 'default' &&
    configuredUrl &&
    configuredPort &&
    (await isListening(configuredPort, new URL(configuredUrl).hostname))
  ) {
    return { name, url: configuredUrl };
  }
  const port = options.ports === 'free' ? await freePort() : (configuredPort ?? DEFAULT_PORTS[name]);
  if (options.ports === 'default' && (await isListening(port))) return { name, url: urlFor(port) };
  const dataDir = join(options.dir, 'data', name);
  mkdirSync(dataDir, { recursive: true });
  const server = build(port, dataDir, join(options.dir, 'logs', `${name}.log`));
  await server.start();
  return { name, url: urlFor(port), server };
}

export function mongoServer(
  port: number,
  dataDir: string,
  logFile: string,
  persistent = false,
): ManagedServer {
  const database = obtainDatabase(port, dataDir, persistent);
  return new ManagedServer({
    name: database.kind,
    command: database.command,
    args: database.args,
    port,
    logFile,
  });
}

export function stanServer(port: number, dataDir: string, logFile: string): ManagedServer {
  return new ManagedServer({
    name: 'nats-streaming-server',
    command: obtainNatsStreaming(),
    args: [
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-cid',
      NATS_CLUSTER_ID,
      '-st',
      'FILE',
      '--dir',
      dataDir,
      '-mc',
      '0',
      // Unbuffered writes: a subscription made just before a crash of the broker must survive it.
      '--file_buffer_size',
      '0',
      '-hbi',
      '2s',
      '-hbt',
      '2s',
      '-hbf',
      '3',
    ],
    port,
    logFile,
  });
}

export function jetstreamServer(port: number, dataDir: string, logFile: string): ManagedServer {
  return new ManagedServer({
    name: 'nats-server',
    command: obtainNatsServer(),
    args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir],
    port,
    logFile,
  });
}

export function redisServer(port: number, dataDir: string, logFile: string): ManagedServer {
  return new ManagedServer({
    name: 'redis-server',
    command: obtainRedis(),
    args: [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dataDir,
      '--save',
      '',
      '--appendonly',
      'yes',
    ],
    port,
    logFile,
  });
}

function stripeMockServer(port: number, _dataDir: string, logFile: string): ManagedServer {
  return new ManagedServer({
    name: 'stripe-mock',
    command: obtainStripeMock(),
    args: ['-http-port', String(port)],
    port,
    logFile,
  });
}

/**
 * Reuses each dependency already listening at its configured URL (local platform only), else starts it, obtaining
 * the binary first if needed.
 */
export async function startDependencies(
  options: DependencyOptions,
  env = process.env,
): Promise<Dependency[]> {
  // The local platform keeps its data between runs; test platforms start empty every time.
  const mongo = await reuseOrStart(
    'mongodb',
    env.MONGO_URI,
    options,
    (port, dataDir, logFile) => mongoServer(port, dataDir, logFile, options.ports === 'default'),
    (p) => `mongodb://127.0.0.1:${p}`,
  );
  const stan = await reuseOrStart(
    'stan',
    env.NATS_STREAMING_URL,
    options,
    stanServer,
    (p) => `nats://127.0.0.1:${p}`,
  );
  const jetstream = await reuseOrStart(
    'jetstream',
    env.NATS_JETSTREAM_URL,
    options,
    jetstreamServer,
    (p) => `nats://127.0.0.1:${p}`,
  );
  const redis = await reuseOrStart(
    'redis',
    env.REDIS_URL,
    options,
    redisServer,
    (p) => `redis://127.0.0.1:${p}`,
  );
  const stripe = await reuseOrStart(
    'stripe-mock',
    env.STRIPE_MOCK_URL,
    options,
    stripeMockServer,
    (p) => `http://127.0.0.1:${p}`,
  );
  return [mongo, stan, jetstream, redis, stripe];
}

/** The variables tests and services read to find the dependencies. */
export function dependencyEnv(deps: Dependency[]): Record<string, string> {
  const url = (name: string) => deps.find((d) => d.name === name)?.url ?? '';
  return {
    MONGO_URI: url('mongodb'),
    NATS_STREAMING_URL: url('stan'),
    NATS_CLUSTER_ID,
    NATS_JETSTREAM_URL: url('jetstream'),
    REDIS_URL: url('redis'),
    STRIPE_MOCK_URL: url('stripe-mock'),
    NATS_STREAMING_SERVER_BIN: obtainNatsStreaming(),
    NATS_SERVER_BIN: obtainNatsServer(),
    KUSTOMIZE_BIN: obtainKustomize(),
    CHROMIUM_PATH: obtainChromium(),
  };
}
