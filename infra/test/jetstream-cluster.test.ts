import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { selectorMatches } from './lib/netpol';
import { named, ofKind, workloads, type KObject } from './lib/objects';
import { documentedSecretKeys } from './lib/readme';
import { allVariants, build } from './lib/variants';

/**
 * The JetStream cluster (components/jetstream-cluster, overlays/prod-jetstream; docs/architecture.md): three NATS
 * servers routing to each other, every stream stored three times, the services given the three servers, a drain
 * leaving two. Every other JetStream build keeps one server and one copy.
 */
const jetstream = allVariants().filter((v) => v.transport === 'jetstream');
const clustered = jetstream.filter((v) => v.natsCluster).map((v) => [v.name, v] as const);
const single = jetstream.filter((v) => !v.natsCluster).map((v) => [v.name, v] as const);

function natsOf(objects: KObject[]) {
  const statefulSet = named(ofKind<IStatefulSet>(objects, 'StatefulSet'), 'nats');
  const container = statefulSet.spec?.template.spec?.containers.find((c) => c.name === 'nats') as IContainer;
  const maps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const files = maps.find((m) => m.metadata?.name?.startsWith('nats-jetstream'))?.data ?? {};
  const bus = maps.find((m) => m.metadata?.name?.startsWith('event-bus'))?.data ?? {};
  const env = (name: string) => container.env?.find((e) => e.name === name);
  return { statefulSet, container, files, bus, env };
}

describe('the JetStream cluster', () => {
  it('when the variants are listed, then overlays/prod-jetstream is among the clustered ones', () => {
    expect(clustered.map(([name]) => name)).toContain('overlays/prod-jetstream');
  });

  it.each(clustered)('when %s is built, then NATS runs three servers started together', (_n, v) => {
    const { statefulSet, container } = natsOf(build(v));
    expect(statefulSet.spec?.replicas).toBe(3);
    expect(statefulSet.spec?.podManagementPolicy).toBe('Parallel');
    // JetStream's peers are named servers: each its pod's name.
    expect(container.args).toContain('--server_name=$(POD_NAME)');
    // Ready once JetStream is on, not once the cluster formed: the pods' names resolve only when they are ready.
    expect(container.readinessProbe?.httpGet?.path).toBe('/healthz?js-enabled-only=true');
  });

  it.each(clustered)(
    'when %s is built, then each server routes to every member through the headless Service with the route user',
    (_n, v) => {
      const objects = build(v);
      const { statefulSet, container, files, env } = natsOf(objects);
      expect(files['nats.conf']).toMatch(/^include "cluster.conf"$/m);
      const conf = files['cluster.conf'] ?? '';
      expect(conf).toMatch(/^\s*port: 6222$/m);
      expect(conf).toMatch(/authorization \{\s*user: "route"\s*password: \$NATS_ROUTE_PASSWORD\s*\}/);
      const members = [0, 1, 2];
      const routes = /routes: \[([^\]]*)\]/.exec(conf)?.[1]?.trim().split(/\s+/);
      expect(routes).toEqual(members.map((i) => `$NATS_ROUTE_${i}`));
      const service = named(ofKind<IService>(objects, 'Service'), statefulSet.spec?.serviceName ?? '');
      expect(service.spec?.clusterIP).toBe('None');
      expect(service.spec?.ports?.find((p) => p.port === 6222)?.targetPort).toBe('cluster');
      expect(container.ports?.find((p) => p.name === 'cluster')?.containerPort).toBe(6222);
      for (const i of members) {
        expect(env(`NATS_ROUTE_${i}`)?.value).toBe(
          `nats-route://route:$(NATS_ROUTE_PASSWORD)@nats-${i}.${service.metadata?.name}:6222`,
        );
      }
      // Kubernetes expands $(NATS_ROUTE_PASSWORD) only when it is defined before the variables that use it.
      const names = (container.env ?? []).map((e) => e.name);
      expect(names.indexOf('NATS_ROUTE_PASSWORD')).toBeLessThan(names.indexOf('NATS_ROUTE_0'));
      const secret = env('NATS_ROUTE_PASSWORD')?.valueFrom?.secretKeyRef;
      expect(secret).toEqual({ name: 'nats-route-credentials', key: 'password' });
      expect(documentedSecretKeys().has('nats-route-credentials/password')).toBe(true);
    },
  );

  it.each(clustered)(
    'when %s is built, then the services store each stream three times and are given the three servers',
    (_n, v) => {
      const { bus } = natsOf(build(v));
      expect(bus.JETSTREAM_REPLICAS).toBe('3');
      expect(bus.NATS_URL?.split(',')).toEqual([0, 1, 2].map((i) => `nats://nats-${i}.nats:4222`));
    },
  );

  it.each(clustered)('when %s is built, then a PDB keeps two NATS servers of three', (_n, v) => {
    const objects = build(v);
    const budget = named(ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget'), 'nats');
    expect(budget.spec?.minAvailable).toBe(2);
    const covered = workloads(objects).filter((w) =>
      selectorMatches(budget.spec?.selector, w.template.metadata?.labels ?? {}),
    );
    expect(covered.map((w) => w.name)).toEqual(['nats']);
  });

  it.each(single)('when %s is built, then JetStream is one server holding one copy', (_n, v) => {
    const objects = build(v);
    const { statefulSet, files, bus } = natsOf(objects);
    expect(statefulSet.spec?.replicas ?? 1).toBe(1);
    expect(files['cluster.conf']).toBeUndefined();
    expect(bus.JETSTREAM_REPLICAS).toBe('1');
    expect(bus.NATS_URL).toBe('nats://nats:4222');
    const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
    expect(budgets.filter((b) => b.metadata?.name === 'nats')).toEqual([]);
  });
});
