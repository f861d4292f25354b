import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingDependencyError } from './binaries';
import { obtainSkaffoldSchema, SKAFFOLD_SCHEMA } from './skaffold-schema';
import {
  dependencyEnv,
  PROGRAM_NAMES,
  PROGRAMS,
  redactUrl,
  SERVER_URL_VARIABLES,
  SERVERS,
  startDependencies,
  type Dependency,
  type ProgramName,
  type ServerName,
} from './dependencies';

/**
 * Files the tests read, pinned by hash: their variable, which when set names the only file to check (see
 * skaffold-schema.ts), and how to obtain one.
 */
export const FILES = {
  'skaffold-schema': {
    variable: SKAFFOLD_SCHEMA.variable,
    obtain: (env: NodeJS.ProcessEnv) => obtainSkaffoldSchema({ env }),
  },
} as const;
export type FileName = keyof typeof FILES;
const FILE_NAMES = Object.keys(FILES) as FileName[];

/** What a test suite can ask for: a running server, a program it runs itself, or a file it reads. */
export type TestDependency = ServerName | ProgramName | FileName;

export const TEST_DEPENDENCIES: readonly TestDependency[] = [...SERVERS, ...PROGRAM_NAMES, ...FILE_NAMES];

export function isTestDependency(value: unknown): value is TestDependency {
  return typeof value === 'string' && (TEST_DEPENDENCIES as readonly string[]).includes(value);
}

export interface ProvidedDependencies {
  /** The variables to add to the tests' environment (only those that were not set already). */
  env: Record<string, string>;
  /** One line per dependency asked for: reused, started or obtained, and where. */
  report: string[];
  /** Stops what was started here; reused servers are left alone. */
  stop(): Promise<void>;
}

function isServer(need: TestDependency): need is ServerName {
  return (SERVERS as readonly string[]).includes(need);
}

function isFile(need: TestDependency): need is FileName {
  return (FILE_NAMES as readonly string[]).includes(need);
}

/**
 * Gives a test run the dependencies it names. One whose variable is already set is reused (the root `npm test`
 * starts every server once in scripts/with-deps.sh; CI may provide a database as a service container); the other
 * servers are started on free ports with throwaway data, the programs obtained, and the files found or fetched and
 * checked against their pinned hash. When no database can be had at all, MONGO_URI stays unset and the suites fall
 * back to mongodb-memory-server (which downloads a real mongod).
 */
export async function provideTestDependencies(
  needs: readonly TestDependency[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvidedDependencies> {
  const report: string[] = [];
  const variableOf = (need: Exclude<TestDependency, FileName>) =>
    isServer(need) ? SERVER_URL_VARIABLES[need] : PROGRAMS[need].variable;
  const asked = TEST_DEPENDENCIES.filter((need) => needs.includes(need));
  // A file is checked against its pin even when its variable is set: obtaining it does both.
  const files: Record<string, string> = {};
  for (const file of FILE_NAMES.filter((f) => asked.includes(f))) {
    const { path, source } = await FILES[file].obtain(env);
    if (!env[FILES[file].variable]) files[FILES[file].variable] = path;
    report.push(`${file}: ${path} (from ${source})`);
  }
  const serversAndPrograms = asked.filter((need): need is Exclude<TestDependency, FileName> => !isFile(need));
  for (const need of serversAndPrograms.filter((n) => env[variableOf(n)])) {
    report.push(`${need}: ${variableOf(need)} is set, reused`);
  }
  const toStart = SERVERS.filter((s) => serversAndPrograms.includes(s) && !env[variableOf(s)]);
  const toObtain = PROGRAM_NAMES.filter((p) => serversAndPrograms.includes(p) && !env[variableOf(p)]);

  const dir = toStart.length > 0 ? mkdtempSync(join(tmpdir(), 'ticketing-test-deps-')) : undefined;
  const started: Dependency[] = [];
  const stop = async () => {
    await Promise.all(started.map((d) => d.server?.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (dir && toStart.includes('mongodb')) {
      try {
        started.push(...(await startDependencies({ dir, ports: 'free', only: ['mongodb'] }, {})));
      } catch (err) {
        if (!(err instanceof MissingDependencyError)) throw err;
        report.push(`mongodb: none to be had (${err.message}); the suites use mongodb-memory-server`);
      }
    }
    const others = toStart.filter((s) => s !== 'mongodb');
    if (dir && others.length > 0) {
      started.push(...(await startDependencies({ dir, ports: 'free', only: others }, {})));
    }
    const added = dependencyEnv(started, toObtain);
    if (!started.some((d) => d.name === 'stan')) delete added.NATS_CLUSTER_ID;
    for (const dep of started) {
      report.push(
        `${dep.name}: started ${dep.server?.spec.name ?? ''} at ${redactUrl(dep.url)} (pid ${dep.server?.pid})`,
      );
    }
    for (const program of toObtain) report.push(`${program}: ${added[PROGRAMS[program].variable]}`);
    return { env: { ...added, ...files }, report, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
