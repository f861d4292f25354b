import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  isTestDependency,
  provideTestDependencies,
  type ProvidedDependencies,
  type TestDependency,
} from '../test-dependencies';

/** Where jest.base.js puts a workspace's dependencies: jest hands testEnvironmentOptions over untouched. */
export const DEPENDENCIES_OPTION = 'ticketingDependencies';

/** The parts of jest's configurations these hooks read. */
interface ProjectConfig {
  rootDir: string;
  testEnvironmentOptions?: Record<string, unknown>;
}
interface GlobalConfig {
  projects?: string[];
}

// Jest runs setup and teardown in its own process, once for every project using them; they share this slot.
const STATE = Symbol.for('ticketing.testDependencies');
type WithState = typeof globalThis & { [STATE]?: ProvidedDependencies };

function needsOf(options: Record<string, unknown> | undefined, where: string): TestDependency[] {
  const value = options?.[DEPENDENCIES_OPTION] ?? [];
  if (!Array.isArray(value) || !value.every(isTestDependency)) {
    throw new Error(
      `${where}: ${DEPENDENCIES_OPTION} must list known dependencies, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * What a project named on jest's command line (a folder or a config file, relative to where jest was started)
 * asks for, read from its config.
 */
async function needsOfProject(name: string): Promise<TestDependency[]> {
  const project = resolve(name);
  const file =
    existsSync(project) && statSync(project).isDirectory() ? join(project, 'jest.config.js') : project;
  const { default: config } = (await import(file)) as { default?: { testEnvironmentOptions?: unknown } };
  const options = config?.testEnvironmentOptions;
  return needsOf(typeof options === 'object' && options !== null ? { ...options } : undefined, file);
}

/**
 * Jest's global setup: the dependencies of the workspace (or, when several projects run together, of all of them,
 * since jest calls one shared setup only once), their variables put in process.env for the test workers.
 */
export async function globalSetup(globalConfig: GlobalConfig, projectConfig: ProjectConfig): Promise<void> {
  const projects = globalConfig.projects ?? [];
  const needs =
    projects.length > 0
      ? [...new Set((await Promise.all(projects.map(needsOfProject))).flat())]
      : needsOf(projectConfig.testEnvironmentOptions, projectConfig.rootDir);
  const provided = await provideTestDependencies(needs);
  Object.assign(process.env, provided.env);
  (globalThis as WithState)[STATE] = provided;
  for (const line of provided.report) process.stderr.write(`[deps] ${line}\n`);
}

export async function globalTeardown(): Promise<void> {
  const state = globalThis as WithState;
  await state[STATE]?.stop();
  delete state[STATE];
}
