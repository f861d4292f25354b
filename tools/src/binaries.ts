import { execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where binaries built by this project are cached, shared by every clone on the machine. */
export const BIN_DIR = process.env.TICKETING_BIN_DIR ?? join(homedir(), '.cache', 'ticketing', 'bin');

export const VERSIONS = {
  ferretdb: 'v1.24.2',
  natsStreaming: 'v0.25.6',
  stripeMock: 'v0.197.0',
  kustomize: 'v5.7.1',
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

function requireGo(what: string, hint: string): string {
  const go = findBinary('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
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

/**
 * FerretDB's `go install` build panics at start because a generated version file is missing, so it is
 * built from the module's source with that file written in.
 */
function buildFerretDb(): string {
  const hint = 'or set MONGO_URI to a running MongoDB.';
  const go = requireGo('ferretdb', hint);
  log(`building FerretDB ${VERSIONS.ferretdb} (first time only, a few minutes)`);
  const module = `github.com/FerretDB/FerretDB@${VERSIONS.ferretdb}`;
  const info = JSON.parse(execFileSync(go, ['mod', 'download', '-json', module], { encoding: 'utf8' })) as {
    Dir?: string;
  };
  if (!info.Dir) throw new MissingDependencyError(`could not download ${module}; ${hint}`);
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-build-'));
  try {
    cpSync(info.Dir, work, { recursive: true });
    chmodSync(join(work, 'build', 'version'), 0o755);
    writeFileSync(join(work, 'build', 'version', 'version.txt'), `${VERSIONS.ferretdb}\n`);
    mkdirSync(BIN_DIR, { recursive: true });
    const result = spawnSync(
      go,
      ['build', '-buildvcs=false', '-o', join(BIN_DIR, 'ferretdb'), './cmd/ferretdb'],
      {
        cwd: work,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (result.status !== 0) throw new MissingDependencyError(`building FerretDB failed; ${hint}`);
  } finally {
    spawnSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  }
  return join(BIN_DIR, 'ferretdb');
}

export type DatabaseBinary = { kind: 'mongod' | 'ferretdb'; path: string };

export function obtainDatabase(): DatabaseBinary {
  const mongod = findBinary('mongod');
  if (mongod) return { kind: 'mongod', path: mongod };
  const cached = join(BIN_DIR, 'ferretdb');
  if (isExecutable(cached) && versionOk(cached)) return { kind: 'ferretdb', path: cached };
  return { kind: 'ferretdb', path: buildFerretDb() };
}

function versionOk(ferretdb: string): boolean {
  const result = spawnSync(ferretdb, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes(VERSIONS.ferretdb);
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
