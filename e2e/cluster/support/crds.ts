import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KObject } from '../../../infra/test/lib/objects';
import { parseObjects } from '../../../infra/test/lib/variants';
import { kubectl } from './cluster';

/**
 * Where the CRDs of the opt-in components come from. No internet here, but the Go module proxy answers, and a
 * module's zip is its repository's tree at that tag, YAML included.
 */
export const CRD_SOURCES = [
  {
    // components/gateway-api: Gateway and HTTPRoute, gateway.networking.k8s.io/v1, standard channel (the
    // version infra/README.md tells users to install).
    module: 'sigs.k8s.io/gateway-api',
    version: 'v1.5.1',
    dir: 'config/crd/standard',
  },
  {
    // components/service-monitor: PodMonitor, monitoring.coreos.com/v1 (v1 since the operator's v0.3x).
    module: 'github.com/prometheus-operator/prometheus-operator',
    version: 'v0.85.0',
    dir: 'example/prometheus-operator-crd',
  },
] as const;

export interface Crd extends KObject {
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean }[];
  };
}

export interface CrdSource {
  module: string;
  version: string;
  crds: Crd[];
}

function run(file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr }));
      else resolve(stdout);
    });
  });
}

/** `go mod download -json <module>@<version>`: the module's files, unpacked in the module cache. */
async function moduleDir(module: string, version: string): Promise<string> {
  // Outside any Go module, so that no go.mod or go.work of the machine has a say.
  const args = ['mod', 'download', '-json', `${module}@${version}`];
  const candidates = [process.env.GO, 'go', '/usr/local/go/bin/go'].filter((c): c is string => Boolean(c));
  for (const go of candidates) {
    try {
      const info = JSON.parse(await run(go, args, tmpdir())) as { Dir?: string; Error?: string };
      if (!info.Dir) throw new Error(info.Error ?? 'no Dir in the answer');
      return info.Dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new Error(`go ${args.join(' ')} failed: ${stderr || (err as Error).message}`, { cause: err });
    }
  }
  throw new Error(`no go binary (tried ${candidates.join(', ')}): set GO to one`);
}

const isCrd = (object: KObject): object is Crd => object.kind === 'CustomResourceDefinition';

/** The CRDs each source publishes, read from its module. */
export async function fetchCrds(): Promise<CrdSource[]> {
  return Promise.all(
    CRD_SOURCES.map(async ({ module, version, dir }) => {
      const folder = path.join(await moduleDir(module, version), dir);
      const files = readdirSync(folder).filter((file) => /\.ya?ml$/.test(file));
      const crds = files.flatMap((file) =>
        parseObjects(readFileSync(path.join(folder, file), 'utf8')).filter(isCrd),
      );
      if (crds.length === 0) throw new Error(`no CustomResourceDefinition in ${module}@${version}/${dir}`);
      return { module, version, crds };
    }),
  );
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const versionOf = (apiVersion: string) => apiVersion.split('/').pop()!;

/**
 * The CRDs the objects need: those of every kind whose API group a source defines. Throws when such a kind, or
 * its version, is served by none of them (the components would then need another source or version).
 */
export function crdsFor(objects: KObject[], sources: CrdSource[]): Crd[] {
  const all = sources.flatMap((source) => source.crds);
  const groups = new Set(all.map((crd) => crd.spec.group));
  const needed = new Map<string, Crd>();
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    if (!groups.has(group)) continue;
    const crd = all.find((c) => c.spec.group === group && c.spec.names.kind === object.kind);
    const version = versionOf(object.apiVersion);
    if (!crd?.spec.versions.some((v) => v.name === version && v.served)) {
      const from = sources.map((s) => `${s.module}@${s.version}`).join(', ');
      throw new Error(`no CRD among ${from} serves ${object.kind} ${object.apiVersion}`);
    }
    needed.set(crd.metadata.name, crd);
  }
  return [...needed.values()];
}

/**
 * Installs the CRDs (server-side apply: some are larger than the annotation client-side apply would write) and
 * waits until the API server serves them.
 */
export async function installCrds(crds: Crd[]): Promise<void> {
  if (crds.length === 0) return;
  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: crds });
  await kubectl(
    ['apply', '--server-side', '--force-conflicts', '--field-manager=ticketing-cluster-tests', '-f', '-'],
    {
      input: list,
    },
  );
  await kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=120s',
    ...crds.map((crd) => `customresourcedefinition/${crd.metadata.name}`),
  ]);
}
