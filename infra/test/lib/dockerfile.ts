import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from './objects';
import { repoPath } from './paths';

/**
 * A Dockerfile reduced to its stages and instructions (line continuations joined, comments dropped), with
 * build arguments substituted as `docker build --build-arg` would: the checks then read the instructions one
 * image gets (the shared services' Dockerfile once per SERVICE).
 */
export interface Instruction {
  keyword: string;
  /** The arguments after substitution. */
  args: string;
  /** The arguments as written. */
  raw: string;
}

export interface Stage {
  name: string;
  /** The image or stage it starts from, after substitution, and as written. */
  from: string;
  rawFrom: string;
  instructions: Instruction[];
  /** Variables the stage substitutes without having declared them (ARG or ENV): Docker makes them empty. */
  undeclared: string[];
}

export type BuildArgs = Readonly<Record<string, string>>;

/** Instructions whose arguments Docker expands itself; RUN is expanded by the shell, with ARGs in its env. */
const EXPANDED = new Set([
  'ADD',
  'COPY',
  'ENV',
  'EXPOSE',
  'LABEL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/**
 * `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` with the variables in scope. An unknown name is
 * empty (as Docker makes it) and reported, unless `keepUnknown`: a shell variable a RUN line defines itself.
 */
function substitute(
  text: string,
  scope: ReadonlyMap<string, string>,
  unknown: string[],
  keepUnknown: boolean,
): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare?: string) => {
      const name = braced ?? bare ?? '';
      const value = scope.get(name);
      if (value === undefined && keepUnknown) return whole;
      if (value === undefined) unknown.push(name);
      if (op === '-') return value ? value : (word ?? '');
      if (op === '+') return value ? (word ?? '') : '';
      return value ?? '';
    },
  );
}

/** `NAME=value` pairs of an ENV line (or the legacy `ENV NAME value`). */
function envPairs(args: string): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name = '', ...value] = args.split(/\s+/);
    return [[name, value.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map((m) => [
    m[1] ?? '',
    m[3] ?? m[2] ?? '',
  ]);
}

export function parseDockerfile(text: string, buildArgs: BuildArgs = {}): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  /** ARGs declared before the first FROM: usable in FROM lines, and as defaults of a stage's bare ARG. */
  const globals = new Map<string, string>();
  const stages: Stage[] = [];
  /** Per stage: its ENV (inherited by stages built FROM it) and its scope (ENV and its own ARGs). */
  const envs = new Map<string, Map<string, string>>();
  let scope = new Map<string, string>();
  let env = new Map<string, string>();
  for (const line of logical) {
    const [word = '', ...rest] = line.split(/\s+/);
    const keyword = word.toUpperCase();
    const raw = rest.join(' ');
    const current = stages.at(-1);
    if (keyword === 'ARG') {
      // A --build-arg wins, then the ARG's own default, then (in a stage) the global ARG of that name.
      const [, name = '', value] = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(raw) ?? [];
      const resolved = buildArgs[name] ?? value ?? (current ? globals.get(name) : undefined) ?? '';
      (current ? scope : globals).set(name, resolved);
      current?.instructions.push({ keyword, args: `${name}=${resolved}`, raw });
      continue;
    }
    if (keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(raw);
      if (!match?.[1]) throw new Error(`unreadable FROM: ${line}`);
      const unknown: string[] = [];
      const from = substitute(match[1], globals, unknown, false);
      const name = match[2] ?? String(stages.length);
      env = new Map(envs.get(from) ?? []);
      envs.set(name, env);
      scope = new Map(env);
      stages.push({ name, from, rawFrom: match[1], instructions: [], undeclared: unknown });
      continue;
    }
    if (!current) throw new Error(`instruction before FROM: ${line}`);
    let args = raw;
    if (EXPANDED.has(keyword)) args = substitute(raw, scope, current.undeclared, false);
    else if (keyword === 'RUN') args = substitute(raw, scope, current.undeclared, true);
    if (keyword === 'ENV') {
      for (const [name, value] of envPairs(args)) {
        env.set(name, value);
        scope.set(name, value);
      }
    }
    current.instructions.push({ keyword, args, raw });
  }
  return stages;
}

export function readDockerfile(relative: string, buildArgs: BuildArgs = {}): Stage[] {
  return parseDockerfile(readFileSync(repoPath(relative), 'utf8'), buildArgs);
}

/** The ARGs declared before the first FROM, with their defaults (what `--build-arg` may replace in FROM). */
export function globalArgs(relative: string): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const line of readFileSync(repoPath(relative), 'utf8').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^FROM\s/i.test(trimmed)) break;
    const match = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?$/i.exec(trimmed);
    if (match?.[1]) args.set(match[1], match[2]);
  }
  return args;
}

/** The stage and the stages it is built FROM, base first. */
export function stageChain(stages: Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  const parent = stages.find((s) => s.name === stage.from);
  return parent ? [...stageChain(stages, parent.name), stage] : [stage];
}

/** ENV set by a stage and its ancestors (`ENV A=1 B=2` and the legacy `ENV A 1`), last value winning. */
export function envValues(stages: Stage[], name: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const stage of stageChain(stages, name)) {
    for (const { keyword, args } of stage.instructions) {
      if (keyword === 'ENV') for (const [key, value] of envPairs(args)) values.set(key, value);
    }
  }
  return values;
}

export const envOf = (stages: Stage[], name: string): Set<string> => new Set(envValues(stages, name).keys());

/** The last value of an instruction in a stage chain (USER, WORKDIR, CMD...). */
export function lastOf(stages: Stage[], name: string, keyword: string): string | undefined {
  const found = stageChain(stages, name)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === keyword);
  return found.at(-1)?.args;
}

/** The working directory a stage ends in (WORKDIRs resolved one after the other from `/`). */
export function workdirOf(stages: Stage[], name: string): string {
  return stageChain(stages, name)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'WORKDIR')
    .reduce((dir, i) => path.posix.resolve(dir, i.args), '/');
}

/** The exec-form CMD of a stage, with a relative script resolved against its working directory. */
export function commandOf(stages: Stage[], name: string): { argv: string[]; workdir: string } {
  const text = lastOf(stages, name, 'CMD') ?? 'null';
  const argv: unknown = JSON.parse(text);
  if (!Array.isArray(argv) || !argv.every((a): a is string => typeof a === 'string'))
    throw new Error(`stage ${name}: CMD is not in exec form: ${text}`);
  return { argv, workdir: workdirOf(stages, name) };
}

/** Where a folder COPY'd from the build context lands in the image of a stage chain (WORKDIR-relative). */
export function copyDestination(stages: Stage[], name: string, source: string): string | undefined {
  let workdir = '/';
  let destination: string | undefined;
  for (const stage of stageChain(stages, name)) {
    for (const { keyword, args } of stage.instructions) {
      if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, args);
      if (keyword !== 'COPY' || args.includes('--from=')) continue;
      const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const target = parts.at(-1);
      if (target && parts.slice(0, -1).includes(source)) destination = path.posix.resolve(workdir, target);
    }
  }
  return destination;
}

/** Sources copied from the build context (not from another stage), across the whole file. */
export function contextSources(stages: Stage[]): string[] {
  return stages.flatMap((stage) =>
    stage.instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => {
        const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
        return parts.slice(0, -1);
      }),
  );
}

/** The five services share the root Dockerfile, the build argument SERVICE choosing one; the client has its own. */
export const SERVICES_DOCKERFILE = 'Dockerfile';
export const CLIENT_DOCKERFILE = 'client/Dockerfile';

/** How an application's image is built: its Dockerfile and the build arguments it needs. */
export function imageOf(app: App): { dockerfile: string; buildArgs: BuildArgs } {
  return app === 'client'
    ? { dockerfile: CLIENT_DOCKERFILE, buildArgs: {} }
    : { dockerfile: SERVICES_DOCKERFILE, buildArgs: { SERVICE: app } };
}

/** The stages of an application's image as `docker build` sees them (extra build arguments on top). */
export function imageStages(app: App, extra: BuildArgs = {}): Stage[] {
  const { dockerfile, buildArgs } = imageOf(app);
  return readDockerfile(dockerfile, { ...buildArgs, ...extra });
}
