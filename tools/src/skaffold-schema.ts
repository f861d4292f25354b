import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findGo } from './binaries';
import { fileSource, obtainPinnedFile, type FileSource, type PinnedFile } from './pinned-file';

/**
 * skaffold's official JSON Schema for the apiVersion skaffold.yaml declares (infra's tests validate against it).
 * Pinned by git blob hash at two revisions: the one shared/ and the manifests workflow name (commit 157a55c8 of
 * skaffold), and the one in skaffold's v2.19.0 Go module, the newest release with v4beta14 the Go module proxy
 * serves; the older revision lacks only the docker builder's `cacheTo` field, which skaffold.yaml does not use.
 */
export const SKAFFOLD_SCHEMA = {
  apiVersion: 'skaffold/v4beta14',
  variable: 'SKAFFOLD_SCHEMA',
  fileName: 'skaffold-v4beta14.json',
  url: 'https://raw.githubusercontent.com/GoogleContainerTools/skaffold/157a55c802e2d977d2ff92f21345ddbe80e4bc29/docs-v2/content/en/schemas/v4beta14.json',
  blob: '11a04f28ace2c2643bd26b81483c32e54d4d41dc',
  module: {
    path: 'github.com/GoogleContainerTools/skaffold/v2',
    version: 'v2.19.0',
    file: 'docs-v2/content/en/schemas/v4beta14.json',
    blob: '67c70f6ac1f607d7012a51aa8e69468aae2ef4ce',
  },
} as const;

const REPO = resolve(__dirname, '..', '..');
export const SCHEMA_CACHE_DIR = join(homedir(), '.cache', 'ticketing', 'schemas');

function urlSource(url: string): FileSource {
  return {
    name: url,
    read: async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) }).catch((err: Error) => {
        throw new Error(`${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`);
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return { content: Buffer.from(await response.arrayBuffer()) };
    },
  };
}

function run(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((done, fail) => {
    execFile(file, args, { ...options, maxBuffer: 1 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      // go mod download -json reports a failure in its JSON on stdout, and exits 1.
      if (err && !stdout) fail(new Error(stderr.trim() || err.message));
      else done(stdout);
    });
  });
}

/** One file of a Go module, from the Go module proxy (`go mod download`, unpacked in Go's module cache). */
function goModuleSource(module: { path: string; version: string; file: string }): FileSource {
  const id = `${module.path}@${module.version}`;
  return {
    name: `Go module ${id} (${module.file})`,
    read: async () => {
      const go = findGo();
      if (!go) throw new Error('Go is not installed');
      // In an empty folder, so that no go.mod or go.work of the machine has a say.
      const cwd = mkdtempSync(join(tmpdir(), 'ticketing-gomod-'));
      try {
        const env = { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off' };
        const info = JSON.parse(await run(go, ['mod', 'download', '-json', id], { cwd, env })) as {
          Dir?: string;
          Error?: string;
        };
        if (!info.Dir) throw new Error(info.Error ?? 'go mod download gave no folder');
        return { content: readFileSync(join(info.Dir, module.file)) };
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
  };
}

export interface SchemaOptions {
  env?: NodeJS.ProcessEnv;
  /** The repository, beside which shared/schemas may be. */
  repo?: string;
  cacheDir?: string;
}

/**
 * The schema's path: SKAFFOLD_SCHEMA when set (then the only source), else the first of shared/schemas beside the
 * repository, the cache, the pinned URL and the Go module that holds a pinned revision (fetched ones are cached).
 */
export async function obtainSkaffoldSchema(
  options: SchemaOptions = {},
): Promise<{ path: string; source: string }> {
  const env = options.env ?? process.env;
  const cacheFile = join(options.cacheDir ?? SCHEMA_CACHE_DIR, SKAFFOLD_SCHEMA.fileName);
  const { url, module, fileName, variable } = SKAFFOLD_SCHEMA;
  const pin: PinnedFile = {
    what: `skaffold's schema for ${SKAFFOLD_SCHEMA.apiVersion}`,
    blobs: [SKAFFOLD_SCHEMA.blob, module.blob],
    cacheFile,
    provide:
      `Provide it: download ${url} (git blob ${SKAFFOLD_SCHEMA.blob}) and set ${variable} to its path, ` +
      `or put it at ${cacheFile}.`,
  };
  const given = env[variable];
  const shared = join(resolve(options.repo ?? REPO, '..', 'shared', 'schemas'), fileName);
  const sources = given
    ? [fileSource(`${variable}=${given}`, given)]
    : [fileSource(shared, shared), fileSource(cacheFile, cacheFile), urlSource(url), goModuleSource(module)];
  return obtainPinnedFile(pin, sources);
}
