import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** Where binaries built by this project are cached, shared by every clone on the machine. */
export const BIN_DIR = process.env.TICKETING_BIN_DIR ?? join(homedir(), '.cache', 'ticketing', 'bin');

export const VERSIONS = {
  mongoJavaServer: '1.47.0',
  natsStreaming: 'v0.25.6',
  stripeMock: 'v0.197.0',
  kustomize: 'v5.7.1',
  actionlint: 'v1.7.12',
} as const;

export class MissingDependencyError extends Error {}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a binary in the project cache, on PATH, or in Go's bin folder. */
export function findBinary(name: string): string | undefined {
  const dirs = [
    BIN_DIR,
    ...(process.env.PATH ?? '').split(delimiter),
    join(homedir(), 'go', 'bin'),
    '/usr/sbin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error || result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`,
    );
  }
}

function log(message: string): void {
  process.stderr.write(`[deps] ${message}\n`);
}

/** Go, on PATH or where its installer puts it. */
export function findGo(): string | undefined {
  return findBinary('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

function requireGo(what: string, hint: string): string {
  const go = findGo();
  if (!go)
    throw new MissingDependencyError(`${what} is missing and Go is not installed to build it. ${hint}`);
  return go;
}

function goInstall(module: string, binary: string, hint: string): string {
  const go = requireGo(binary, hint);
  mkdirSync(BIN_DIR, { recursive: true });
  log(`building ${binary} with go install ${module} (first time only)`);
  run(go, ['install', module], { ...process.env, GOBIN: BIN_DIR, GOFLAGS: '-buildvcs=false' });
  return join(BIN_DIR, binary);
}

function aptInstall(pkg: string, binary: string, hint: string): string {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !findBinary('apt-get')) {
    throw new MissingDependencyError(`${binary} is missing. Install the package ${pkg}, or ${hint}`);
  }
  log(`installing the Debian package ${pkg}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    ...process.env,
    DEBIAN_FRONTEND: 'noninteractive',
  });
  const found = findBinary(binary);
  if (!found) throw new MissingDependencyError(`${pkg} installed but ${binary} is not on PATH`);
  return found;
}

/** The MongoDB stand-in's launcher and the file that names its jars (tools/mongo-java-server). */
const STAND_IN_SOURCE = resolve(__dirname, '..', 'mongo-java-server');

function requireTool(binary: string, pkg: string, hint: string): string {
  return findBinary(binary) ?? aptInstall(pkg, binary, hint);
}

/**
 * Builds the MongoDB stand-in (mongo-java-server with the repo's launcher): Maven fetches the jars the pom names,
 * javac compiles the launcher against them. Cached per content of the launcher and the pom.
 */
function buildMongoStandIn(): string {
  const hint = 'or set MONGO_URI to a running MongoDB.';
  const pom = join(STAND_IN_SOURCE, 'pom.xml');
  const launcher = join(STAND_IN_SOURCE, 'MongoStandIn.java');
  const digest = createHash('sha256')
    .update(readFileSync(pom))
    .update(readFileSync(launcher))
    .digest('hex')
    .slice(0, 12);
  const dir = join(BIN_DIR, `mongo-java-server-${VERSIONS.mongoJavaServer}-${digest}`);
  if (existsSync(join(dir, 'classes', 'MongoStandIn.class'))) return dir;
  const mvn = requireTool('mvn', 'maven', hint);
  const javac = requireTool('javac', 'default-jdk-headless', hint);
  log(`building the MongoDB stand-in (mongo-java-server ${VERSIONS.mongoJavaServer}; first time only)`);
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  run(mvn, ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${join(work, 'lib')}`]);
  run(javac, ['-cp', join(work, 'lib', '*'), '-d', join(work, 'classes'), launcher]);
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return dir;
}

/** How to run the database: a real mongod when the machine has one, else the stand-in. */
export interface DatabaseCommand {
  kind: 'mongod' | 'mongo-java-server';
  command: string;
  args: string[];
}

/**
 * `dataFile` keeps the data between runs (npm start); without it the stand-in keeps everything in memory (test
 * platforms), while a mongod always writes under `dataDir`.
 */
export function obtainDatabase(port: number, dataDir: string, persistent: boolean): DatabaseCommand {
  const mongod = findBinary('mongod');
  if (mongod) {
    return {
      kind: 'mongod',
      command: mongod,
      args: ['--dbpath', dataDir, '--port', String(port), '--bind_ip', '127.0.0.1'],
    };
  }
  const dir = buildMongoStandIn();
  const java = requireTool('java', 'default-jre-headless', 'or set MONGO_URI to a running MongoDB.');
  const classpath = [join(dir, 'classes'), join(dir, 'lib', '*')].join(delimiter);
  return {
    kind: 'mongo-java-server',
    command: java,
    args: [
      '-Xss512k',
      '-XX:+UseSerialGC',
      '-cp',
      classpath,
      'MongoStandIn',
      String(port),
      ...(persistent ? [join(dataDir, 'ticketing.mv.db')] : []),
    ],
  };
}

export function obtainNatsStreaming(): string {
  return (
    findBinary('nats-streaming-server') ??
    goInstall(
      `github.com/nats-io/nats-streaming-server@${VERSIONS.natsStreaming}`,
      'nats-streaming-server',
      'or set NATS_STREAMING_URL to a running server.',
    )
  );
}

export function obtainNatsServer(): string {
  return findBinary('nats-server') ?? aptInstall('nats-server', 'nats-server', 'set NATS_JETSTREAM_URL.');
}

export function obtainRedis(): string {
  return findBinary('redis-server') ?? aptInstall('redis-server', 'redis-server', 'set REDIS_URL.');
}

export function obtainStripeMock(): string {
  return (
    findBinary('stripe-mock') ??
    goInstall(
      `github.com/stripe/stripe-mock@${VERSIONS.stripeMock}`,
      'stripe-mock',
      'or set STRIPE_MOCK_URL to a running stripe-mock.',
    )
  );
}

export function obtainChromium(): string {
  const found = findBinary('chromium') ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return found ?? aptInstall('chromium', 'chromium', 'set CHROMIUM_PATH.');
}

/** promtool (the Prometheus rule checker and unit tester) ships in Debian's prometheus package. */
export function obtainPromtool(): string {
  return findBinary('promtool') ?? aptInstall('prometheus', 'promtool', 'set PROMTOOL_BIN.');
}

export function obtainKustomize(): string {
  return (
    findBinary('kustomize') ??
    goInstall(
      `sigs.k8s.io/kustomize/kustomize/v5@${VERSIONS.kustomize}`,
      'kustomize',
      'or put kustomize on PATH.',
    )
  );
}

export function obtainActionlint(): string {
  return (
    findBinary('actionlint') ??
    goInstall(
      `github.com/rhysd/actionlint/cmd/actionlint@${VERSIONS.actionlint}`,
      'actionlint',
      'or put actionlint on PATH.',
    )
  );
}
