import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { selectorMatches } from './lib/netpol';
import { APPS, HTTP_APPS, ofKind, workloads } from './lib/objects';
import { allVariants, build } from './lib/variants';

const prod = allVariants()
  .filter((v) => v.env === 'prod')
  .map((v) => [v.name, v] as const);
const dev = allVariants()
  .filter((v) => v.env === 'dev')
  .map((v) => [v.name, v] as const);

describe('production shape', () => {
  it.each(prod)('when %s is built, then every application runs two replicas or more', (_n, variant) => {
    const apps = workloads(build(variant)).filter((w) => (APPS as readonly string[]).includes(w.name));
    expect(apps.map((w) => w.name).sort()).toEqual([...APPS].sort());
    for (const w of apps) expect([w.name, w.replicas >= 2]).toEqual([w.name, true]);
  });

  it.each(prod)('when %s is built, then each HTTP application has a PDB keeping one pod', (_n, variant) => {
    const objects = build(variant);
    const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
    const all = workloads(objects);
    for (const app of HTTP_APPS) {
      const budget = budgets.find((b) => b.metadata?.name === app);
      expect([app, budget?.spec?.minAvailable]).toEqual([app, 1]);
      const covered = all.filter((w) =>
        selectorMatches(budget?.spec?.selector, w.template.metadata?.labels ?? {}),
      );
      expect([app, covered.map((w) => w.name)]).toEqual([app, [app]]);
    }
  });

  it.each(prod)('when %s is built, then each HTTP application scales on CPU from two pods', (_n, variant) => {
    const objects = build(variant);
    const autoscalers = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
    const all = workloads(objects);
    for (const app of HTTP_APPS) {
      const hpa = autoscalers.find((h) => h.metadata?.name === app);
      expect(hpa?.apiVersion).toBe('autoscaling/v2');
      expect([app, hpa?.spec?.scaleTargetRef]).toEqual([
        app,
        { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
      ]);
      expect([app, (hpa?.spec?.minReplicas ?? 0) >= 2]).toEqual([app, true]);
      expect([app, (hpa?.spec?.maxReplicas ?? 0) > (hpa?.spec?.minReplicas ?? 0)]).toEqual([app, true]);
      const cpu = hpa?.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      expect([app, cpu?.resource?.target.type]).toEqual([app, 'Utilization']);
      // Utilization is relative to the request: without one the HPA cannot compute it.
      const target = all.find((w) => w.kind === 'Deployment' && w.name === app);
      expect([app, target?.containers.every((c) => c.resources?.requests?.cpu !== undefined)]).toEqual([
        app,
        true,
      ]);
    }
  });

  it.each(dev)('when %s is built, then it runs one replica each and neither PDBs nor HPAs', (_n, variant) => {
    const objects = build(variant);
    expect(workloads(objects).filter((w) => w.replicas !== 1)).toEqual([]);
    expect(
      objects.filter((o) => ['PodDisruptionBudget', 'HorizontalPodAutoscaler'].includes(o.kind)),
    ).toEqual([]);
  });
});
