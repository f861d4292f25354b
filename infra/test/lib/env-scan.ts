import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from './paths';

/**
 * Which environment variables a service's source reads, found by scanning it (a heuristic, kept honest by
 * unit tests on the patterns the services use and by an explicit table in env.test.ts that must also hold):
 * - `process.env.NAME` and `process.env['NAME']`;
 * - in files that build a configuration: upper-case keys of object literals (`NAME: z.string()`, `NAME: opt(...)`)
 *   and the keys of common's shape helpers (`serviceConfigShape`, `busConfigShape`): all of them for a call
 *   spread or passed whole, only the destructured ones (`const { A, B } = serviceConfigShape(...)`) or the
 *   member read (`serviceConfigShape(...).PORT`) otherwise;
 * - comments are ignored;
 * - with `literals`, upper-case string literals in files that read process.env (the client looks names up
 *   dynamically: `process.env[name]` with the names in constants).
 */
export type ShapeKeys = Record<string, string[]>;

export interface ScanOptions {
  /** Also count upper-case string literals of files that read process.env (dynamic lookups). */
  literals?: boolean;
  /** Count only direct process.env reads (for common, whose config helpers define shapes, not reads). */
  directOnly?: boolean;
}

const ENV_MEMBER = /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g;
const OBJECT_KEY = /(?:^|[{,])\s*([A-Z][A-Z0-9_]*)\s*:/gm;
const SCREAMING_LITERAL = /['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g;

function matches(regex: RegExp, text: string): string[] {
  return [...text.matchAll(regex)].flatMap((m) => m.slice(1).filter((g): g is string => g !== undefined));
}

/** The keys each exported `...ConfigShape` helper of common/src/config.ts returns. */
export function shapeKeysFrom(configSource: string): ShapeKeys {
  const bodies = new Map<string, string>();
  const parts = stripComments(configSource).split(/\nexport function /);
  for (const part of parts.slice(1)) {
    const name = /^(\w+ConfigShape)\s*\(/.exec(part)?.[1];
    if (name) bodies.set(name, part);
  }
  const keys: ShapeKeys = {};
  const resolve = (name: string): string[] => {
    if (keys[name]) return keys[name];
    const body = bodies.get(name) ?? '';
    const own = matches(OBJECT_KEY, body);
    const nested = [...bodies.keys()].filter((other) => other !== name && body.includes(`${other}(`));
    keys[name] = [...new Set([...own, ...nested.flatMap(resolve)])];
    return keys[name];
  };
  for (const name of bodies.keys()) resolve(name);
  return keys;
}

function shapeReads(text: string, shapes: ShapeKeys): string[] {
  return Object.entries(shapes).flatMap(([fn, keys]) => {
    const calls = text.split(`${fn}(`).length - 1;
    const destructured = [...text.matchAll(new RegExp(`\\{([^}]*)\\}\\s*=\\s*${fn}\\(`, 'g'))];
    const members = [...text.matchAll(new RegExp(`${fn}\\([^)]*\\)\\.([A-Z][A-Z0-9_]*)`, 'g'))];
    const named = [
      ...destructured.flatMap((m) => (m[1] ?? '').split(',').map((s) => s.split(':')[0]?.trim() ?? '')),
      ...members.map((m) => m[1] ?? ''),
    ].filter((k) => keys.includes(k));
    const whole = calls > destructured.length + members.length ? keys : [];
    return [...named, ...whole];
  });
}

/** Comments mention names they do not read (`// Next inlines process.env.NAME`); URLs keep their `//`. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function envReadsOf(source: string, shapes: ShapeKeys, options: ScanOptions = {}): string[] {
  const text = stripComments(source);
  const reads = matches(ENV_MEMBER, text);
  const buildsConfig = !options.directOnly && /loadConfig|ConfigShape\(/.test(text);
  if (buildsConfig) reads.push(...matches(OBJECT_KEY, text), ...shapeReads(text, shapes));
  if (options.literals && text.includes('process.env')) reads.push(...matches(SCREAMING_LITERAL, text));
  return [...new Set(reads)];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.next', '__tests__', 'test', 'testing', 'coverage']);

/** Source files of a folder, tests excluded. */
export function sourceFiles(dir: string, extensions: string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full, extensions);
    const isTest = /\.test\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts');
    return !isTest && extensions.some((ext) => entry.name.endsWith(ext)) ? [full] : [];
  });
}

export function commonShapeKeys(): ShapeKeys {
  return shapeKeysFrom(readFileSync(repoPath('common/src/config.ts'), 'utf8'));
}

/** Every variable read by the files under `dir` (relative to the repository). */
export function scanFolder(dir: string, options: ScanOptions = {}): Set<string> {
  const shapes = commonShapeKeys();
  const extensions = options.literals ? ['.ts', '.tsx', '.js', '.mjs'] : ['.ts'];
  const reads = sourceFiles(repoPath(dir), extensions).flatMap((file) =>
    envReadsOf(readFileSync(file, 'utf8'), shapes, options),
  );
  return new Set(reads);
}
