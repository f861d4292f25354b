import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { OPERATOR_USER } from '@ticketing/common';
import {
  startDependencies,
  dependencyEnv,
  redactUrl,
  type Dependency,
  type NatsPasswords,
} from './dependencies';
import { FaultProxies } from './fault-proxies';
import { ingressRoutes, startGateway } from './gateway';
import { freePort } from './servers';
import { Supervisor, type ExitStatus } from './supervisor';

export type { ExitStatus } from './supervisor';

export const ROOT = resolve(__dirname, '..', '..');
export const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PlatformOptions {
  /** Gateway port. */
  port: number;
  eventBus: 'stan' | 'jetstream';
  expirationWindowSeconds: number;
  /** Where data and logs go. */
  dir: string;
  /** 'default': reuse or start dependencies on their usual ports; 'free': all on fresh ports (tests). */
  ports: 'default' | 'free';
  /** Keep the database in a file under `dir` between runs (default: with the default ports, as npm start does). */
  persistentData?: boolean;
  /** The session keys; a fresh pair when not given (sessions then end when the platform stops). */
  sessionKeys?: SessionKeyConfig;
  withClient: boolean;
  sweepIntervalMs?: number;
  /** How long after its window an open order lapses (orders' LAPSE_GRACE_SECONDS); `lapseGraceSeconds()` unless set. */
  lapseGraceSeconds?: number;
  /** Extra settings of one service (tests shorten timers this way). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  logLevel?: string;
  log?: (line: string) => void;
  /** Puts a Toxiproxy proxy between each service and each of its dependencies (fault suites). */
  faultProxies?: boolean;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One process of the platform (a service or the client), which tests may stop or kill and start again; once
 * supervised, an exit nobody asked for starts it again.
 */
export class PlatformProcess {
  private child: ChildProcess | undefined;
  private supervisor: Supervisor | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly cwd = ROOT,
    /** Where it serves /metrics, when not on its main port (the client's is public). */
    private readonly metricsPort = port,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Its Prometheus endpoint, on this machine only (the gateway routes no /metrics to a service). */
  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}/metrics`;
  }

  /** From now on, restarts the process when it exits without being stopped (as npm start does). */
  supervise(log: (line: string) => void): Supervisor {
    this.supervisor ??= new Supervisor(this.name, this, log);
    return this.supervisor;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    this.supervisor?.starting();
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(this.command, this.args, {
      cwd: this.cwd,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.supervisor?.exited({ code, signal });
    });
    const readyPath = '/readyz';
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) while starting; see ${this.logFile}`,
        );
      }
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}${readyPath}`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    child.kill('SIGKILL');
    throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  /** Stops the process (SIGKILL after the grace period) and resolves with how it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<ExitStatus | undefined> {
    this.supervisor?.stopping();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    const exited = new Promise<ExitStatus>((done) =>
      child.once('exit', (code, exitSignal) => done({ code, signal: exitSignal })),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const status = await exited;
    clearTimeout(timer);
    return status;
  }

  /** Crash: SIGKILL, no graceful shutdown. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/** The session keys in the services' variables: auth alone gets the private key and its id; all get the public keys. */
export interface SessionKeyConfig {
  JWT_PRIVATE_KEY: string;
  JWT_KEY_ID: string;
  /** A JSON object of key id to PEM public key. */
  JWT_PUBLIC_KEYS: string;
}

/** A fresh ES256 (P-256) key pair under a fresh key id. */
export function newSessionKeys(): SessionKeyConfig {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyId = `local-${randomBytes(4).toString('hex')}`;
  return {
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_KEY_ID: keyId,
    JWT_PUBLIC_KEYS: JSON.stringify({
      [keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }),
  };
}

export interface Platform {
  url: string;
  /** The keys the services were given (so a tool can mint sessions as auth would). */
  sessionKeys: SessionKeyConfig;
  dependencies: Dependency[];
  services: Record<ServiceName, PlatformProcess>;
  client?: PlatformProcess;
  env: Record<string, string>;
  /** The proxies between the services and their dependencies, with `faultProxies`. */
  faults?: FaultProxies;
  /** The users of the NATS server in use and their passwords, when it was started here (else it knows none). */
  natsPasswords?: NatsPasswords;
  stop(): Promise<void>;
}

/** The dependencies' variables as one service sees them: through its own proxies when there are any. */
async function routeThroughProxies(
  name: ServiceName,
  deps: Record<string, string>,
  eventBus: PlatformOptions['eventBus'],
  faults: FaultProxies | undefined,
): Promise<Record<string, string>> {
  if (!faults) return deps;
  const routed = { ...deps };
  const natsVariable = eventBus === 'jetstream' ? 'NATS_JETSTREAM_URL' : 'NATS_STREAMING_URL';
  if (name !== 'expiration') routed.MONGO_URI = await faults.route(name, 'mongodb', deps.MONGO_URI!);
  routed[natsVariable] = await faults.route(name, 'nats', deps[natsVariable]!);
  if (name === 'expiration') routed.REDIS_URL = await faults.route(name, 'redis', deps.REDIS_URL!);
  return routed;
}

/**
 * Payments keeps 90 s of an order's window as its margin (see payments/src/config.ts); a shorter window (tests,
 * demos) keeps a quarter of it, so that most of the window can still be paid in.
 */
export function paymentMarginSeconds(expirationWindowSeconds: number): number {
  return Math.min(90, Math.floor(expirationWindowSeconds / 4));
}

/**
 * Orders lets an order lapse 120 s after its window (see orders/src/config.ts); a shorter window (tests, demos) gets
 * a quarter of it, so that a lapse comes soon after the window as the buyer sees it.
 */
export function lapseGraceSeconds(expirationWindowSeconds: number): number {
  return Math.min(120, Math.floor(expirationWindowSeconds / 4));
}

/**
 * Everything on this machine reaches auth from one address (the gateway's), and the system tests and benchmarks
 * sign up many users: the production sign-up limits would refuse them, so the platform raises them unless set.
 */
const ONE_MACHINE_SIGN_UPS = '100000';

/** The environment the platform gives one service. */
export function serviceEnv(
  name: ServiceName,
  base: NodeJS.ProcessEnv,
  deps: Record<string, string>,
  options: PlatformOptions,
  sessionKeys: SessionKeyConfig,
  port: number,
  natsPasswords?: NatsPasswords,
): NodeJS.ProcessEnv {
  const natsUrl = options.eventBus === 'jetstream' ? deps.NATS_JETSTREAM_URL : deps.NATS_STREAMING_URL;
  const env: NodeJS.ProcessEnv = {
    PATH: base.PATH,
    HOME: base.HOME,
    NODE_ENV: 'production',
    SERVICE_NAME: name,
    LOG_LEVEL: options.logLevel ?? base.LOG_LEVEL ?? 'info',
    PORT: String(port),
    JWT_PUBLIC_KEYS: sessionKeys.JWT_PUBLIC_KEYS,
    EVENT_BUS: options.eventBus,
    NATS_URL: natsUrl,
    NATS_CLUSTER_ID: deps.NATS_CLUSTER_ID,
    NATS_CLIENT_ID: `${name}-${randomBytes(4).toString('hex')}`,
  };
  // Each service is its own NATS user (BUS_USERS in common/src/events/bus-permissions.ts), named as it is.
  const natsPassword = natsPasswords?.[name];
  if (natsPassword) {
    env.NATS_USER = name;
    env.NATS_PASSWORD = natsPassword;
  }
  if (name === 'expiration') {
    env.REDIS_URL = deps.REDIS_URL;
    delete env.JWT_PUBLIC_KEYS;
  } else {
    env.MONGO_URI = `${deps.MONGO_URI}/${name}`;
  }
  if (name === 'auth') {
    env.JWT_PRIVATE_KEY = sessionKeys.JWT_PRIVATE_KEY;
    env.JWT_KEY_ID = sessionKeys.JWT_KEY_ID;
    env.SIGNUP_LIMIT_PER_ADDRESS = base.SIGNUP_LIMIT_PER_ADDRESS ?? ONE_MACHINE_SIGN_UPS;
    env.SIGNUP_LIMIT_PER_MINUTE = base.SIGNUP_LIMIT_PER_MINUTE ?? ONE_MACHINE_SIGN_UPS;
  }
  if (name === 'orders') {
    env.EXPIRATION_WINDOW_SECONDS = String(options.expirationWindowSeconds);
    env.LAPSE_GRACE_SECONDS = String(
      options.lapseGraceSeconds ?? lapseGraceSeconds(options.expirationWindowSeconds),
    );
    if (options.sweepIntervalMs) env.SWEEP_INTERVAL_MS = String(options.sweepIntervalMs);
  }
  if (name === 'payments') {
    env.PAYMENT_MARGIN_SECONDS = String(paymentMarginSeconds(options.expirationWindowSeconds));
    if (base.STRIPE_KEY) env.STRIPE_KEY = base.STRIPE_KEY;
    if (base.STRIPE_WEBHOOK_SECRET) env.STRIPE_WEBHOOK_SECRET = base.STRIPE_WEBHOOK_SECRET;
  }
  return { ...env, ...options.serviceEnv?.[name] };
}

/**
 * Starts the whole platform on this machine with the Kubernetes topology: the dependencies, the five services
 * (each with its own database), the client and a gateway routing like the Ingress; then restarts any part it started
 * that dies, until stop(). Services must be built.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const logs = join(options.dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const started: { stop(): Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const dependencies = await startDependencies({
      dir: options.dir,
      ports: options.ports,
      persistent: options.persistentData,
    });
    for (const dep of dependencies) {
      if (dep.server) started.push({ stop: () => dep.server!.stop() });
      log(
        `  ${dep.name.padEnd(11)} ${redactUrl(dep.url)}  ${dep.server ? `started (log ${dep.server.spec.logFile})` : 'reused'}`,
      );
    }
    const deps = dependencyEnv(dependencies);
    const natsPasswords = dependencies.find((dep) => dep.name === options.eventBus)?.natsPasswords;
    const operatorPassword = natsPasswords?.[OPERATOR_USER];
    if (operatorPassword) {
      // For `npm run dead-letters` on this machine: the operator's user, readable by its owner only.
      const operatorEnv = join(options.dir, 'nats-operator.env');
      writeFileSync(operatorEnv, `NATS_USER=${OPERATOR_USER}\nNATS_PASSWORD=${operatorPassword}\n`, {
        mode: 0o600,
      });
      log(`  nats users  one per service; the operator's (npm run dead-letters) in ${operatorEnv}`);
    }
    let faults: FaultProxies | undefined;
    if (options.faultProxies) {
      faults = await FaultProxies.start(logs);
      started.push(faults);
      log(`  toxiproxy   ${faults.toxiproxy.apiUrl}  started (log ${faults.server.spec.logFile})`);
    }
    const sessionKeys = options.sessionKeys ?? newSessionKeys();
    const services = {} as Record<ServiceName, PlatformProcess>;
    // Stopped together, as they start: each drains its connections on SIGTERM (common/src/http/server.ts).
    started.push({
      stop: async () => {
        await Promise.all(Object.values(services).map((service) => service.stop()));
      },
    });
    await Promise.all(
      SERVICES.map(async (name) => {
        const port = await freePort();
        const routed = await routeThroughProxies(name, deps, options.eventBus, faults);
        const env = serviceEnv(name, process.env, routed, options, sessionKeys, port, natsPasswords);
        const service = new PlatformProcess(
          name,
          port,
          process.execPath,
          [join(ROOT, name, 'dist', 'index.js')],
          env,
          join(logs, `${name}.log`),
        );
        services[name] = service;
        await service.start();
        log(
          `  ${name.padEnd(11)} http://127.0.0.1:${port}  (metrics ${service.metricsUrl}, log ${service.logFile})`,
        );
      }),
    );
    let client: PlatformProcess | undefined;
    if (options.withClient && existsSync(join(ROOT, 'client', '.next', 'BUILD_ID'))) {
      const port = await freePort();
      const metricsPort = await freePort();
      const url = (name: ServiceName) => `http://127.0.0.1:${services[name].port}`;
      client = new PlatformProcess(
        'client',
        port,
        process.execPath,
        [
          join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'),
          'start',
          '-p',
          String(port),
          '-H',
          '127.0.0.1',
        ],
        {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          AUTH_URL: url('auth'),
          TICKETS_URL: url('tickets'),
          ORDERS_URL: url('orders'),
          PAYMENTS_URL: url('payments'),
          METRICS_PORT: String(metricsPort),
          ...(process.env.NEXT_PUBLIC_STRIPE_KEY
            ? { NEXT_PUBLIC_STRIPE_KEY: process.env.NEXT_PUBLIC_STRIPE_KEY }
            : {}),
        },
        join(logs, 'client.log'),
        join(ROOT, 'client'),
        metricsPort,
      );
      started.push(client);
      await client.start();
      log(`  client      http://127.0.0.1:${port}  (metrics ${client.metricsUrl}, log ${client.logFile})`);
    } else if (options.withClient) {
      log('  client      not built (npm run build -w client); the gateway serves the API only');
    }
    const gateway: Server = await startGateway(
      options.port,
      ingressRoutes({
        auth: services.auth.port,
        tickets: services.tickets.port,
        orders: services.orders.port,
        payments: services.payments.port,
        client: client?.port,
      }),
    );
    started.push({ stop: () => new Promise<void>((done) => gateway.close(() => done())) });
    const address = gateway.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    // As Kubernetes would: every part started here is restarted when it dies; reused servers are not ours.
    const supervisors = [
      ...dependencies.flatMap((dep) => (dep.server ? [dep.server.supervise(dep.name, log)] : [])),
      ...[...Object.values(services), ...(client ? [client] : [])].map((part) => part.supervise(log)),
    ];
    const stop = async () => {
      // Before anything stops: the parts exiting now (Ctrl-C reaches them too) must not be restarted.
      for (const supervisor of supervisors) supervisor.disable();
      await stopAll();
    };
    return {
      url: `http://localhost:${port}`,
      dependencies,
      services,
      client,
      env: deps,
      sessionKeys,
      faults,
      natsPasswords,
      stop,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
