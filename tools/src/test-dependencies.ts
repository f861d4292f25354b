import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingDependencyError } from './binaries';
import {
  dependencyEnv,
  PROGRAM_NAMES,
  PROGRAMS,
  SERVER_URL_VARIABLES,
  SERVERS,
  startDependencies,
  type Dependency,
  type ProgramName,
  type ServerName,
} from './dependencies';

/** What a test suite can ask for: a running server, or a program it runs itself. */
export type TestDependency = ServerName | ProgramName;

export const TEST_DEPENDENCIES: readonly TestDependency[] = [...SERVERS, ...PROGRAM_NAMES];

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

/**
 * Gives a test run the dependencies it names. One whose variable is already set is reused (the root `npm test`
 * starts every server once in scripts/with-deps.sh; CI may provide a database as a service container); the other
 * servers are started on free ports with throwaway data, and the programs obtained. When no database can be had at
 * all, MONGO_URI stays unset and the suites fall back to mongodb-memory-server (which downloads a real mongod).
 */
export async function provideTestDependencies(
  needs: readonly TestDependency[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProvidedDependencies> {
  const report: string[] = [];
  const variableOf = (need: TestDependency) =>
    isServer(need) ? SERVER_URL_VARIABLES[need] : PROGRAMS[need].variable;
  const asked = TEST_DEPENDENCIES.filter((need) => needs.includes(need));
  for (const need of asked.filter((n) => env[variableOf(n)])) {
    report.push(`${need}: ${variableOf(need)} is set, reused`);
  }
  const toStart = SERVERS.filter((s) => asked.includes(s) && !env[variableOf(s)]);
  const toObtain = PROGRAM_NAMES.filter((p) => asked.includes(p) && !env[variableOf(p)]);

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
        `${dep.name}: started ${dep.server?.spec.name ?? ''} at ${dep.url} (pid ${dep.server?.pid})`,
      );
    }
    for (const program of toObtain) report.push(`${program}: ${added[PROGRAMS[program].variable]}`);
    return { env: added, report, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
