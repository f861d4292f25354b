import type { KObject } from '../../infra/test/lib/objects';
import { allVariants, build } from '../../infra/test/lib/variants';
import { timed } from './support/cluster';
import { crdsFor, fetchCrds, installCrds } from './support/crds';
import {
  createRestrictedNamespace,
  deleteNamespace,
  intoNamespace,
  reportName,
  serverDryRun,
} from './support/dry-run';

// Every overlay and every component combination (the offline suite's own list, infra/test/lib/variants.ts),
// accepted by the real API server: strict decoding, validation, admission with PodSecurity `restricted`.
// A server-side dry run stores nothing, so all of them go into one fresh namespace, deleted afterwards.
const variants = allVariants();
const namespace = `ticketing-dry-run-${Date.now().toString(36)}`;

describe('every overlay and component combination, dry-run on the API server', () => {
  beforeAll(async () => {
    await timed('CRDs of the components (Gateway API, Prometheus operator) installed', async () => {
      const sources = await fetchCrds();
      for (const { module, version, crds } of sources) {
        console.log(`${module}@${version}: ${crds.map((c) => c.metadata.name).join(', ')}`);
      }
      await installCrds(crdsFor(variants.flatMap(build), sources));
    });
    await createRestrictedNamespace(namespace);
  }, 300_000);

  afterAll(() => deleteNamespace(namespace));

  it('when a pod breaks the restricted profile, then the namespace refuses it, and a workload template gets a warning', async () => {
    const insecure = {
      name: 'app',
      image: 'ticketing/auth:local',
      securityContext: { allowPrivilegeEscalation: true },
    };
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'insecure', namespace },
      spec: { containers: [insecure] },
    };
    const refused = await serverDryRun([pod]);
    expect(refused.code).not.toBe(0);
    expect(refused.errors.join('\n')).toContain('violates PodSecurity "restricted');

    const deployment: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'insecure', namespace },
      spec: {
        selector: { matchLabels: { app: 'insecure' } },
        template: { metadata: { labels: { app: 'insecure' } }, spec: { containers: [insecure] } },
      },
    };
    const warned = await serverDryRun([deployment]);
    expect(warned).toMatchObject({ code: 0, created: ['deployment.apps/insecure'], errors: [] });
    expect(warned.warnings.join('\n')).toContain('would violate PodSecurity "restricted');

    const unknownField = { ...deployment, spec: { ...(deployment.spec as object), replicaCount: 2 } };
    const strict = await serverDryRun([unknownField]);
    expect(strict.code).not.toBe(0);
    // The server's strict decoding, or kubectl's own schema check where it cannot ask the server for it.
    expect(strict.errors.join('\n')).toMatch(/unknown field "(spec\.)?replicaCount"/);
  });

  it.each(variants.map((variant) => [variant.name, variant] as const))(
    'when %s is applied, then the API server accepts every object without a warning',
    async (name, variant) => {
      const objects = intoNamespace(build(variant), namespace);
      const result = await timed(`dry run of ${name} (${objects.length} objects)`, () =>
        serverDryRun(objects),
      );
      expect(result.errors).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.warnings.filter((w) => w.includes('PodSecurity'))).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect([...result.created].sort()).toEqual(objects.map(reportName).sort());
    },
    120_000,
  );
});
