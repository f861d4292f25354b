import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MissingDependencyError } from './binaries';

/** The hash git gives a file's content (`git hash-object`), so a pin can be checked against a repository's tree. */
export function gitBlobHash(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** What a source found: a file on disk (used in place) or fetched content (written to the cache). */
export type Found = { path: string; content: Buffer } | { path?: undefined; content: Buffer };

/** One place a pinned file may come from. */
export interface FileSource {
  /** How messages name it: a variable, a path, a URL, a module. */
  name: string;
  /** The file, or undefined when this source has none; throws when trying failed (say, no network). */
  read(): Promise<Found | undefined>;
}

export interface PinnedFile {
  /** What the file is, for messages. */
  what: string;
  /** The git blob hashes of the accepted contents. */
  blobs: readonly string[];
  /** Where fetched content is kept for the next run. */
  cacheFile: string;
  /** What a person can do when no source has it. */
  provide: string;
}

/** A local file as a source: absent is not an error. */
export function fileSource(name: string, path: string): FileSource {
  return {
    name,
    read: () => Promise.resolve(existsSync(path) ? { path, content: readFileSync(path) } : undefined),
  };
}

function writeAtomically(file: string, content: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/**
 * The first source, in order, holding a content whose git blob hash is pinned: its path (fetched content is cached
 * first). A content with another hash is refused and the next source tried; when none has it, the error lists what
 * each source gave and what to provide.
 */
export async function obtainPinnedFile(
  pin: PinnedFile,
  sources: readonly FileSource[],
): Promise<{ path: string; source: string }> {
  const tried: string[] = [];
  for (const source of sources) {
    let found: Found | undefined;
    try {
      found = await source.read();
    } catch (err) {
      tried.push(`${source.name}: failed (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    if (!found) {
      tried.push(`${source.name}: not there`);
      continue;
    }
    const blob = gitBlobHash(found.content);
    if (!pin.blobs.includes(blob)) {
      tried.push(`${source.name}: refused, its git blob is ${blob}, not ${pin.blobs.join(' or ')}`);
      continue;
    }
    if (found.path !== undefined) return { path: found.path, source: source.name };
    writeAtomically(pin.cacheFile, found.content);
    return { path: pin.cacheFile, source: `${source.name}, cached in ${pin.cacheFile}` };
  }
  throw new MissingDependencyError(
    `${pin.what} could not be found or fetched.\n  ${tried.join('\n  ')}\n${pin.provide}`,
  );
}
