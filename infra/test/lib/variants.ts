import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isKObject, type KObject } from './objects';
import { K8S } from './paths';

export const KUSTOMIZE = process.env.KUSTOMIZE_BIN ?? 'kustomize';

export type Component =
  'network-policies' | 'jetstream' | 'gateway-api' | 'service-monitor' | 'jetstream-cluster';

/** One deployable combination: a kustomization folder plus the components added on top of it. */
export interface Variant {
  name: string;
  /** Folder under infra/k8s the combination starts from. */
  start: string;
  added: Component[];
  env: 'base' | 'dev' | 'prod';
  networkPolicies: boolean;
  transport: 'stan' | 'jetstream';
  /** NATS JetStream as a cluster of three servers (components/jetstream-cluster, in overlays/prod-jetstream). */
  natsCluster: boolean;
  edge: 'ingress' | 'gateway';
  /** The Dockerfile stage the overlay's application images are built from (overlays/local: production). */
  image: 'dev' | 'production';
  /** PodMonitors for the Prometheus operator (the opt-in service-monitor component). */
  podMonitors: boolean;
}

/** The variant a kustomization folder and the components added on top of it make. */
export function variantOf(start: string, added: Component[]): Variant {
  // overlays/local is the dev overlay with other images and storage class: dev in every other respect.
  const env =
    start.includes('dev') || start === 'overlays/local' ? 'dev' : start.includes('prod') ? 'prod' : 'base';
  return {
    name: [start, ...added].join(' + '),
    start,
    added,
    env,
    networkPolicies: env !== 'base' || added.includes('network-policies'),
    transport: start.endsWith('-jetstream') || added.includes('jetstream') ? 'jetstream' : 'stan',
    natsCluster: start === 'overlays/prod-jetstream' || added.includes('jetstream-cluster'),
    edge: added.includes('gateway-api') ? 'gateway' : 'ingress',
    image: start.includes('dev') ? 'dev' : 'production',
    podMonitors: added.includes('service-monitor'),
  };
}

/** Every subset of the given components, in the given (documented) order. */
function subsets(components: Component[]): Component[][] {
  return components.reduce<Component[][]>((all, c) => [...all, ...all.map((s) => [...s, c])], [[]]);
}

/**
 * Every overlay and component combination: the committed overlays as they are, dev and prod with every
 * subset of the optional components (network policies are already on in both), and the bare base with every
 * subset of all four components.
 */
export function allVariants(): Variant[] {
  const committed = [
    'overlays/dev',
    'overlays/prod',
    'overlays/dev-jetstream',
    'overlays/prod-jetstream',
    'overlays/local',
  ];
  return [
    ...committed.map((start) => variantOf(start, [])),
    ...['overlays/dev', 'overlays/prod'].flatMap((start) =>
      subsets(['jetstream', 'gateway-api', 'service-monitor'])
        .filter((s) => s.length > 0)
        .map((s) => variantOf(start, s)),
    ),
    ...subsets(['network-policies', 'jetstream', 'gateway-api', 'service-monitor']).map((s) =>
      variantOf('base', s),
    ),
  ];
}

function runKustomize(dir: string): string {
  try {
    return execFileSync(KUSTOMIZE, ['build', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`kustomize not found (${KUSTOMIZE}): put it on PATH or set KUSTOMIZE_BIN`, {
        cause: err,
      });
    }
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`kustomize build ${dir} failed: ${stderr || (err as Error).message}`, { cause: err });
  }
}

/** `kustomize build` of a variant; added components go through a throwaway kustomization. */
export function buildYaml(variant: Variant): string {
  const start = path.join(K8S, variant.start);
  if (variant.added.length === 0) return runKustomize(start);
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-kustomize-'));
  try {
    const rel = (target: string) => path.relative(dir, target);
    const lines = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: ticketing',
      'resources:',
      `  - ${rel(start)}`,
      'components:',
      ...variant.added.map((c) => `  - ${rel(path.join(K8S, 'components', c))}`),
    ];
    writeFileSync(path.join(dir, 'kustomization.yaml'), `${lines.join('\n')}\n`);
    return runKustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseObjects(yamlText: string): KObject[] {
  return parseAllDocuments(yamlText).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
    const value: unknown = doc.toJS();
    if (!isKObject(value)) throw new Error(`not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    return value;
  });
}

const cache = new Map<string, KObject[]>();
export function build(variant: Variant): KObject[] {
  let objects = cache.get(variant.name);
  if (!objects) {
    objects = parseObjects(buildYaml(variant));
    cache.set(variant.name, objects);
  }
  return objects;
}

/** A folder's build (a skaffold kustomize path, for instance). */
export function buildFolder(folder: string): KObject[] {
  return parseObjects(runKustomize(folder));
}
