import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from './paths';

/** A Dockerfile reduced to its stages and instructions (line continuations joined, comments dropped). */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match?.[1]) throw new Error(`unreadable FROM: ${line}`);
      stages.push({ name: match[2] ?? String(stages.length), from: match[1], instructions: [] });
      continue;
    }
    const current = stages.at(-1);
    if (!current) throw new Error(`instruction before FROM: ${line}`);
    current.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

export function readDockerfile(relative: string): Stage[] {
  return parseDockerfile(readFileSync(repoPath(relative), 'utf8'));
}

/** The stage and the stages it is built FROM, base first. */
export function stageChain(stages: Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  const parent = stages.find((s) => s.name === stage.from);
  return parent ? [...stageChain(stages, parent.name), stage] : [stage];
}

/** ENV keys set by a stage and its ancestors (`ENV A=1 B=2` and the legacy `ENV A 1`). */
export function envOf(stages: Stage[], name: string): Set<string> {
  const keys = new Set<string>();
  for (const stage of stageChain(stages, name)) {
    for (const { keyword, args } of stage.instructions) {
      if (keyword !== 'ENV') continue;
      if (args.includes('='))
        for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)) keys.add(m[1] ?? '');
      else keys.add(args.split(/\s+/)[0] ?? '');
    }
  }
  return keys;
}

/** The last value of an instruction in a stage chain (USER, WORKDIR, CMD...). */
export function lastOf(stages: Stage[], name: string, keyword: string): string | undefined {
  const found = stageChain(stages, name)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === keyword);
  return found.at(-1)?.args;
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
