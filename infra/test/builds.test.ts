import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { K8S } from './lib/paths';
import { allVariants, build, variantOf, type Variant } from './lib/variants';

const variants = allVariants();
const cases = variants.map((v) => [v.name, v] as const);
/** Kinds that live outside namespaces; none is expected, the list documents the rule. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'GatewayClass']);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

const byName = (name: string): Variant => {
  const found = variants.find((v) => v.name === name);
  if (!found) throw new Error(`no variant ${name}`);
  return found;
};

describe('every overlay x component combination', () => {
  it('when the combinations are listed, then they cover both overlays and every optional component', () => {
    expect(variants.length).toBe(35);
    for (const env of ['dev', 'prod'] as const) {
      for (const transport of ['stan', 'jetstream'] as const) {
        for (const edge of ['ingress', 'gateway'] as const) {
          const found = variants.filter((v) => v.env === env && v.transport === transport && v.edge === edge);
          expect(found.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it.each(cases)(
    'when %s is built, then every object is unique and in the ticketing namespace',
    (_n, variant) => {
      const objects = build(variant);
      expect(objects.length).toBeGreaterThan(30);
      const identities = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(identities).size).toBe(identities.length);
      const outside = objects.filter(
        (o) => !CLUSTER_SCOPED.has(o.kind) && o.metadata.namespace !== 'ticketing',
      );
      expect(outside.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    },
  );

  it.each(cases)(
    'when %s is built, then it contains no Secret: secrets are created by hand',
    (_n, variant) => {
      expect(build(variant).filter((o) => o.kind === 'Secret')).toEqual([]);
    },
  );

  it('when the manifests are read as files, then none defines a Secret or a secret generator', () => {
    const offenders = yamlFiles(K8S).filter((file) =>
      /^kind:\s*Secret\s*$|secretGenerator:/m.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ['overlays/dev-jetstream', variantOf('overlays/dev', ['jetstream'])],
    ['overlays/prod-jetstream', variantOf('overlays/prod', ['jetstream', 'jetstream-cluster'])],
  ])('when %s is built, then it equals its composition (the folder is only that)', (folder, composed) => {
    expect(build(byName(folder))).toEqual(build(composed));
  });

  it.each(cases)(
    'when %s is built, then the NATS server matches the transport the services are told',
    (_n, v) => {
      const objects = build(v);
      const nats = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'nats');
      const image = JSON.stringify(nats);
      // overlays/local runs the same servers built on the machine (infra/docker/local-deps).
      const local = v.start === 'overlays/local';
      const expected =
        v.transport === 'jetstream'
          ? local
            ? 'ticketing/nats:local'
            : 'nats:2.10.'
          : local
            ? 'ticketing/nats-streaming:local'
            : 'nats-streaming:0.25.';
      expect(image).toContain(`"image":"${expected}`);
      const bus = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('event-bus'));
      expect((bus?.data as Record<string, string> | undefined)?.EVENT_BUS).toBe(v.transport);
    },
  );

  it.each(cases)(
    'when %s is built, then PodMonitors are present exactly when the service-monitor component is added',
    (_n, variant) => {
      const monitors = build(variant).filter((o) => o.kind === 'PodMonitor');
      expect(monitors.length > 0).toBe(variant.podMonitors);
    },
  );

  it.each(cases)(
    'when %s is built, then network policies are present exactly when enabled',
    (_n, variant) => {
      const policies = build(variant).filter((o) => o.kind === 'NetworkPolicy');
      if (variant.networkPolicies) expect(policies.map((p) => p.metadata.name)).toContain('default-deny');
      else expect(policies).toEqual([]);
    },
  );
});
