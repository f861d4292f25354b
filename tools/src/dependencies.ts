import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  obtainChromium,
  obtainDatabase,
  obtainKustomize,
  obtainPromtool,
  obtainNatsServer,
  obtainNatsStreaming,
  obtainRedis,
  obtainStripeMock,
} from './binaries';
import { freePort, isListening, ManagedServer } from './servers';
import { natsServerConfig, natsUsersOf, type NatsTransport } from '@ticketing/common';

export const NATS_CLUSTER_ID = 'ticketing';

/** The servers the dependency manager runs, in the order it starts them. */
export const SERVERS = ['mongodb', 'stan', 'jetstream', 'redis', 'stripe-mock'] as const;
export type ServerName = (typeof SERVERS)[number];

/** The variable that gives each server's URL to the services and the tests. */
export const SERVER_URL_VARIABLES: Record<ServerName, string> = {
  mongodb: 'MONGO_URI',
  stan: 'NATS_STREAMING_URL',
  jetstream: 'NATS_JETSTREAM_URL',
  redis: 'REDIS_URL',
  'stripe-mock': 'STRIPE_MOCK_URL',
};

/** Programs the tests run themselves (brokers they kill, kustomize, the browser) and the variable naming each. */
export const PROGRAMS = {
  'nats-streaming-server': { variable: 'NATS_STREAMING_SERVER_BIN', obtain: obtainNatsStreaming },
  'nats-server': { variable: 'NATS_SERVER_BIN', obtain: obtainNatsServer },
  kustomize: { variable: 'KUSTOMIZE_BIN', obtain: obtainKustomize },
  promtool: { variable: 'PROMTOOL_BIN', obtain: obtainPromtool },
  chromium: { variable: 'CHROMIUM_PATH', obtain: obtainChromium },
} as const satisfies Record<string, { variable: string; obtain: () => string }>;
export type ProgramName = keyof typeof PROGRAMS;
export const PROGRAM_NAMES = Object.keys(PROGRAMS) as ProgramName[];

export interface DependencyOptions {
  /** Data and logs of the servers started here. */
  dir: string;
  /** Fixed ports (local platform) or free ones (tests). */
  ports: 'default' | 'free';
  /** The servers wanted; all of them when omitted. */
  only?: readonly ServerName[];
  /** Keep the database in a file under `dir` across restarts (default: only the local platform, default ports). */
  persistent?: boolean;
}

export interface Dependency {
  name: ServerName;
  /** With the server's credentials, if any: give it to services and tests, print `redactUrl(url)`. */
  url: string;
  /** Undefined when an already running server was reused. */
  server?: ManagedServer;
  /** NATS servers started here: the password of each user (BUS_USERS in common), new for each start. */
  natsPasswords?: NatsPasswords;
}

/** Every NATS user's password; a NATS server started here knows these users only. */
export type NatsPasswords = Record<string, string>;

/**
 * A new NATS password: a letter, then 48 hex digits. The manifests' configuration reads each password from the
 * NATS pod's environment, and the server parses such a value as a configuration value: hex alone can read as a
 * number (`123e45...`) and stop the server. The same passwords go to the test servers started with the
 * manifests' configuration.
 */
export function newNatsPassword(): string {
  return `p${randomBytes(24).toString('hex')}`;
}

export function newNatsPasswords(): NatsPasswords {
  const users = new Set([...natsUsersOf('stan'), ...natsUsersOf('jetstream')]);
  return Object.fromEntries([...users].map((user) => [user, newNatsPassword()]));
}

/**
 * A NATS server's configuration with its users and their permissions, in a file only its owner reads (the
 * passwords must not be on the command line, where any user of the machine would see them). `base`: a
 * configuration to start from (e.g. the manifests' JetStream storage bound).
 */
export function writeNatsConfig(
  transport: NatsTransport,
  dataDir: string,
  passwords: NatsPasswords,
  base?: string,
): string {
  const file = join(dataDir, `${transport}-auth.conf`);
  const password = (user: string) => {
    const value = passwords[user];
    if (!value) throw new Error(`no NATS password for ${user}`);
    return JSON.stringify(value);
  };
  const text = `${base ? `${readFileSync(base, 'utf8')}\n` : ''}${natsServerConfig(transport, password)}`;
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

const DEFAULT_PORTS: Record<ServerName, number> = {
  mongodb: 27017,
  stan: 4222,
  jetstream: 4223,
  redis: 6379,
  'stripe-mock': 12111,
};

/** The URL with its password masked, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

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
  name: ServerName,
  configuredUrl: string | undefined,
  options: DependencyOptions,
  build: (port: number, dataDir: string, logFile: string) => ManagedServer,
  urlFor: (port: number, started: boolean) => string,
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
  if (options.ports === 'default' && (await isListening(port))) return { name, url: urlFor(port, false) };
  const dataDir = join(options.dir, 'data', name);
  mkdirSync(dataDir, { recursive: true });
  const server = build(port, dataDir, join(options.dir, 'logs', `${name}.log`));
  await server.start();
  return { name, url: urlFor(port, true), server };
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

/**
 * NATS Streaming's store limits, per channel, the same here and in the nats StatefulSet (infra/k8s/base/nats):
 * 32 channels (the 10 subjects, their dead letters and replay records are 30) of at most 20 MiB each, a file
 * slice a quarter of that (slice size 0: derived from the channel limits), so 32 x 25 MiB fit in the 1 GiB volume.
 * At a limit the oldest messages of the channel go (NATS Streaming has no other policy); 30 days is the dead
 * letters' age, and events are bounded by the bytes first. A new channel past the 32nd is refused.
 */
export const STAN_STORE_LIMITS = { maxChannels: 32, maxBytes: '20MB', maxAge: '720h' } as const;

export function stanStoreLimitArgs(): string[] {
  return [
    `--max_channels=${STAN_STORE_LIMITS.maxChannels}`,
    `--max_bytes=${STAN_STORE_LIMITS.maxBytes}`,
    `--max_age=${STAN_STORE_LIMITS.maxAge}`,
    '--file_slice_max_bytes=0',
  ];
}

export function stanServer(
  port: number,
  dataDir: string,
  logFile: string,
  options: {
    monitorPort?: number;
    passwords?: NatsPasswords;
    configFile?: string;
    env?: NodeJS.ProcessEnv;
  } = {},
): ManagedServer {
  mkdirSync(dataDir, { recursive: true });
  const configFile = options.passwords
    ? writeNatsConfig('stan', dataDir, options.passwords, options.configFile)
    : options.configFile;
  return new ManagedServer({
    name: 'nats-streaming-server',
    command: obtainNatsStreaming(),
    args: [
      ...(configFile ? ['-c', configFile] : []),
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
      ...stanStoreLimitArgs(),
      ...(options.monitorPort ? ['--http_port', String(options.monitorPort)] : []),
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
    env: options.env,
  });
}

/**
 * `configFile`: a server configuration read first (the flags win), e.g. the manifests' JetStream storage bound;
 * `passwords`: the users the server knows (none: anyone may connect and do anything); `env`: the server's
 * environment besides this process's (a configuration's `$VARIABLE`s).
 */
export function jetstreamServer(
  port: number,
  dataDir: string,
  logFile: string,
  options: { configFile?: string; passwords?: NatsPasswords; env?: NodeJS.ProcessEnv } = {},
): ManagedServer {
  mkdirSync(dataDir, { recursive: true });
  const configFile = options.passwords
    ? writeNatsConfig('jetstream', dataDir, options.passwords, options.configFile)
    : options.configFile;
  return new ManagedServer({
    name: 'nats-server',
    command: obtainNatsServer(),
    args: [
      ...(configFile ? ['-c', configFile] : []),
      ...['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir],
    ],
    port,
    logFile,
    env: options.env,
  });
}

/**
 * Redis refusing every client without `password` (NOAUTH). The password goes in a config file only its owner
 * reads, not on the command line, where any user of the machine would see it.
 */
export function redisServer(port: number, dataDir: string, logFile: string, password: string): ManagedServer {
  const configFile = join(dataDir, 'redis.conf');
  writeFileSync(configFile, `requirepass ${password}\n`, { mode: 0o600 });
  return new ManagedServer({
    name: 'redis-server',
    command: obtainRedis(),
    args: [
      configFile,
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

type ServerBuilder = (
  port: number,
  dataDir: string,
  logFile: string,
  options: DependencyOptions,
  password: string,
  natsPasswords: NatsPasswords,
) => ManagedServer;

/** `password`: the servers that take one get it, new for each start of the dependencies. */
const BUILDERS: Record<ServerName, { build: ServerBuilder; scheme: string; password?: true }> = {
  // The local platform keeps its data between runs; test platforms start empty every time.
  mongodb: {
    build: (port, dataDir, logFile, options) =>
      mongoServer(port, dataDir, logFile, options.persistent ?? options.ports === 'default'),
    scheme: 'mongodb',
  },
  stan: {
    build: (port, dataDir, logFile, _options, _password, passwords) =>
      stanServer(port, dataDir, logFile, { passwords }),
    scheme: 'nats',
  },
  jetstream: {
    build: (port, dataDir, logFile, _options, _password, passwords) =>
      jetstreamServer(port, dataDir, logFile, { passwords }),
    scheme: 'nats',
  },
  redis: {
    build: (port, dataDir, logFile, _options, password) => redisServer(port, dataDir, logFile, password),
    scheme: 'redis',
    password: true,
  },
  'stripe-mock': { build: stripeMockServer, scheme: 'http' },
};

/**
 * Reuses each dependency already listening at its configured URL (local platform only), else starts it, obtaining
 * the binary first if needed. If one cannot start, those started before it are stopped again.
 */
export async function startDependencies(
  options: DependencyOptions,
  env = process.env,
): Promise<Dependency[]> {
  const wanted = options.only ?? SERVERS;
  const deps: Dependency[] = [];
  // Both NATS servers know the same users; a server found listening was not started here and knows its own.
  const natsPasswords = newNatsPasswords();
  try {
    for (const name of SERVERS.filter((server) => wanted.includes(server))) {
      const { build, scheme } = BUILDERS[name];
      const password = randomBytes(24).toString('hex');
      // A server found listening was not started here: its password, if any, is not this one.
      const credentials = (started: boolean) => (BUILDERS[name].password && started ? `:${password}@` : '');
      const dep = await reuseOrStart(
        name,
        env[SERVER_URL_VARIABLES[name]],
        options,
        (port, dataDir, logFile) => build(port, dataDir, logFile, options, password, natsPasswords),
        (p, started) => `${scheme}://${credentials(started)}127.0.0.1:${p}`,
      );
      if (dep.server && (name === 'stan' || name === 'jetstream')) dep.natsPasswords = natsPasswords;
      deps.push(dep);
    }
  } catch (err) {
    await Promise.all(deps.map((d) => d.server?.stop()));
    throw err;
  }
  return deps;
}

/**
 * The variables tests and services read to find the dependencies: the URL of each server given, and the path of
 * each program named (all of them unless told), obtained if needed.
 */
export function dependencyEnv(
  deps: Dependency[],
  programs: readonly ProgramName[] = PROGRAM_NAMES,
): Record<string, string> {
  const env: Record<string, string> = { NATS_CLUSTER_ID };
  for (const dep of deps) env[SERVER_URL_VARIABLES[dep.name]] = dep.url;
  for (const program of programs) env[PROGRAMS[program].variable] = PROGRAMS[program].obtain();
  return env;
}
