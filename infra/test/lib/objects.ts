import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

/** One object of a `kustomize build` output: what every Kubernetes object has, the rest unknown. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: IObjectMeta & { name: string };
  [field: string]: unknown;
}

export function isKObject(value: unknown): value is KObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const metadata = candidate.metadata as Record<string, unknown> | undefined;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata.name === 'string'
  );
}

/** The objects of one kind, typed with the kubernetes-models interface the caller names. */
export function ofKind<T>(objects: KObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as unknown as T[];
}

export function named<T extends { metadata?: IObjectMeta }>(items: T[], name: string): T {
  const found = items.find((item) => item.metadata?.name === name);
  if (!found) throw new Error(`no object named ${name}`);
  return found;
}

/** A Deployment or StatefulSet reduced to what the checks read. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas: number;
  template: IPodTemplateSpec;
  containers: IContainer[];
  /** Names of a StatefulSet's volumeClaimTemplates (volumes its containers may mount). */
  claims: string[];
}

export function workloads(objects: KObject[]): Workload[] {
  return objects
    .filter((o): o is KObject & { kind: 'Deployment' | 'StatefulSet' } =>
      ['Deployment', 'StatefulSet'].includes(o.kind),
    )
    .map((o) => {
      const spec = o.spec as {
        replicas?: number;
        template: IPodTemplateSpec;
        volumeClaimTemplates?: { metadata?: { name?: string } }[];
      };
      return {
        kind: o.kind,
        name: o.metadata.name,
        replicas: spec.replicas ?? 1,
        template: spec.template,
        containers: spec.template.spec?.containers ?? [],
        claims: (spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? ''),
      };
    });
}

/** The application Deployments (one per service and the client), by their app label. */
export const APPS = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'client'] as const;
export type App = (typeof APPS)[number];
/** The applications the public reaches over HTTP. */
export const HTTP_APPS = ['client', 'auth', 'tickets', 'orders', 'payments'] as const;
/** The services that own a MongoDB, and those that use the event bus. */
export const DB_OWNERS = ['auth', 'tickets', 'orders', 'payments'] as const;
export const BUS_USERS = ['auth', 'tickets', 'orders', 'expiration', 'payments'] as const;

/** The workload of that name among the objects; throws when there is none. */
export function workloadNamed(objects: KObject[], name: string): Workload {
  const found = workloads(objects).find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

/** The container of that name in the workload; throws when there is none. */
export function containerNamed(w: Workload, name: string): IContainer {
  const found = w.containers.find((c) => c.name === name);
  if (!found) throw new Error(`${w.name} has no container ${name}`);
  return found;
}
