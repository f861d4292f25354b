import type { KObject } from '../../../infra/test/lib/objects';
import { eventually } from '../../src/support/api';
import { kubectl } from './cluster';

/** The namespace every build puts its objects in. */
const BUILD_NAMESPACE = 'ticketing';

export interface DryRunResult {
  code: number;
  /** What kubectl reported created, as `<kind>.<group>/<name>`. */
  created: string[];
  /** Every `Warning:` line of the API server (PodSecurity's among them). */
  warnings: string[];
  /** Everything else on standard error: the refusals. */
  errors: string[];
}

/** How kubectl names an object in its report: lower-case kind, then the API group unless core, then the name. */
export function reportName(object: KObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${object.kind.toLowerCase()}${group ? `.${group}` : ''}/${object.metadata.name}`;
}

/** The build moved to another namespace (the manifests name none of theirs elsewhere than in metadata). */
export function intoNamespace(objects: KObject[], namespace: string): KObject[] {
  return objects.map((object) => {
    if (object.metadata.namespace !== BUILD_NAMESPACE) {
      throw new Error(`${reportName(object)} is not in ${BUILD_NAMESPACE}`);
    }
    return { ...object, metadata: { ...object.metadata, namespace } };
  });
}

/** A namespace where PodSecurity `restricted` is enforced (and warned about, for workload templates). */
export async function createRestrictedNamespace(name: string): Promise<void> {
  const namespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'app.kubernetes.io/part-of': 'ticketing-cluster-tests',
      },
    },
  };
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(namespace) });
  // A pod (even in a dry run) needs its ServiceAccount, which the controller manager adds to a new namespace.
  await eventually(() => kubectl(['-n', name, 'get', 'serviceaccount', 'default']), 60_000, 500);
}

export async function deleteNamespace(name: string): Promise<void> {
  await kubectl(['delete', 'namespace', name, '--wait=false', '--ignore-not-found']);
}

/**
 * `kubectl apply --dry-run=server --validate=strict` of the objects: the API server decodes them strictly
 * (an unknown field is an error), runs its validation and admission (PodSecurity included) and stores nothing.
 */
export async function serverDryRun(objects: KObject[]): Promise<DryRunResult> {
  const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  const { code, stdout, stderr } = await kubectl(
    ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
    {
      input,
      check: false,
    },
  );
  const lines = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  const created: string[] = [];
  const unexpected: string[] = [];
  for (const line of lines(stdout)) {
    const match = /^(\S+) created \(server dry run\)$/.exec(line);
    if (match) created.push(match[1]!);
    else unexpected.push(line);
  }
  const warnings = lines(stderr).filter((line) => line.startsWith('Warning:'));
  const errors = [...unexpected, ...lines(stderr).filter((line) => !line.startsWith('Warning:'))];
  return { code, created, warnings, errors };
}
