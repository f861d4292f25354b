import { readFileSync } from 'node:fs';
import type { IService } from 'kubernetes-models/v1/Service';
import { parse } from 'yaml';
import type { IPrometheusRule } from './lib/crds/prometheus-rule';
import { validatePodMonitor, type IPodMonitor } from './lib/crds/pod-monitor';
import { selectorMatches } from './lib/netpol';
import { APPS, ofKind, workloads, type KObject, type Workload } from './lib/objects';
import { repoPath } from './lib/paths';
import { allVariants, build } from './lib/variants';

const variants = allVariants();
const cases = variants.map((v) => [v.name, v] as const);
const monitored = variants.filter((v) => v.podMonitors).map((v) => [v.name, v] as const);

const appWorkloads = (objects: KObject[]): Workload[] =>
  workloads(objects).filter((w) => (APPS as readonly string[]).includes(w.name));

/** The container port a pod template's prometheus.io annotations point at. */
function annotatedScrape(workload: Workload) {
  const annotations = workload.template.metadata?.annotations ?? {};
  const port = Number(annotations['prometheus.io/port']);
  const container = workload.containers.find((c) => c.name === workload.name);
  const containerPort = container?.ports?.find((p) => p.containerPort === port);
  return { annotations, port, containerPort };
}

describe('metrics scraping in the manifests', () => {
  it.each(cases)(
    'when %s is built, then every application pod says where its metrics are, on a port it has',
    (_n, variant) => {
      for (const workload of appWorkloads(build(variant))) {
        const { annotations, port, containerPort } = annotatedScrape(workload);
        expect([
          workload.name,
          annotations['prometheus.io/scrape'],
          annotations['prometheus.io/path'],
        ]).toEqual([workload.name, 'true', '/metrics']);
        expect([workload.name, containerPort?.name]).toEqual([
          workload.name,
          workload.name === 'client' ? 'metrics' : 'http',
        ]);
        expect(port).toBe(workload.name === 'client' ? 9464 : 3000);
      }
    },
  );

  it.each(cases)(
    "when %s is built, then no Service exposes the client's metrics port, so no route can reach it",
    (_n, variant) => {
      const objects = build(variant);
      const client = appWorkloads(objects).find((w) => w.name === 'client');
      const metricsPort = client ? annotatedScrape(client).port : undefined;
      const exposing = ofKind<IService>(objects, 'Service').filter((service) =>
        (service.spec?.ports ?? []).some((p) => p.targetPort === 'metrics' || p.targetPort === metricsPort),
      );
      expect(exposing.map((s) => s.metadata?.name)).toEqual([]);
    },
  );

  it.each(monitored)(
    'when %s is built, then the PodMonitors scrape each application once, where its annotations say',
    (_n, variant) => {
      const objects = build(variant);
      const apps = appWorkloads(objects);
      const scraped: string[] = [];
      for (const monitor of ofKind<IPodMonitor>(objects, 'PodMonitor')) {
        const selected = apps.filter((w) =>
          selectorMatches(monitor.spec.selector, w.template.metadata?.labels ?? {}),
        );
        expect([monitor.metadata.name, selected.length > 0]).toEqual([monitor.metadata.name, true]);
        for (const workload of selected) {
          const { containerPort, annotations } = annotatedScrape(workload);
          for (const endpoint of monitor.spec.podMetricsEndpoints) {
            expect([workload.name, endpoint.port, endpoint.path]).toEqual([
              workload.name,
              containerPort?.name,
              annotations['prometheus.io/path'],
            ]);
            scraped.push(workload.name);
          }
        }
      }
      expect(scraped.sort()).toEqual([...APPS].sort());
    },
  );

  it('when a PodMonitor breaks its CRD, then the hand-written validator rejects it', () => {
    const monitor = (endpoint: object) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'x' },
      spec: { selector: { matchLabels: { app: 'x' } }, podMetricsEndpoints: [endpoint] },
    });
    expect(() =>
      validatePodMonitor(monitor({ port: 'http', path: '/metrics', interval: '15s' })),
    ).not.toThrow();
    expect(() => validatePodMonitor(monitor({ path: '/metrics' }))).toThrow(/names no port/);
    expect(() => validatePodMonitor(monitor({ port: 'http', interval: 'often' }))).toThrow(/interval/);
    expect(() => validatePodMonitor(monitor({ port: 'http', path: 'metrics' }))).toThrow(/path/);
  });
});

interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string }[];
}

describe('the Grafana dashboard', () => {
  const text = readFileSync(repoPath('infra/grafana/ticketing-pipeline.json'), 'utf8');

  it('when it is read, then it is JSON with a stable uid, a Prometheus data source variable and unique panels', () => {
    const dashboard = JSON.parse(text) as {
      uid: string;
      title: string;
      templating: { list: { name: string; type: string; query: unknown }[] };
      panels: Panel[];
    };
    expect(dashboard.uid).toBe('ticketing-pipeline');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect([panel.title, panel.datasource?.uid]).toEqual([panel.title, '${datasource}']);
      expect([panel.title, (panel.targets ?? []).length > 0]).toEqual([panel.title, true]);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      for (const target of panel.targets ?? []) expect(target.expr).toMatch(/ticketing_|process_|kube_/);
    }
  });

  it('when the alerts are read, then each has a panel that names it and queries every metric its expression reads', () => {
    const { panels } = JSON.parse(text) as { panels: Panel[] };
    const rules = parse(
      readFileSync(repoPath('infra/k8s/components/service-monitor/prometheus-rules.yaml'), 'utf8'),
    ) as IPrometheusRule;
    const alerts = rules.spec.groups.flatMap((group) => group.rules.filter((rule) => rule.alert));
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      const metrics = [
        ...new Set(
          (alert.expr.match(/\b(?:ticketing|kube)_[a-z0-9_]+/g) ?? []).map((name) =>
            name.replace(/_(bucket|count|sum)$/, ''),
          ),
        ),
      ];
      const shown = panels.filter(
        (panel) =>
          panel.description?.includes(alert.alert ?? '') &&
          metrics.every((metric) => (panel.targets ?? []).some((target) => target.expr.includes(metric))),
      );
      expect([alert.alert, metrics.length > 0, shown.map((panel) => panel.title).length > 0]).toEqual([
        alert.alert,
        true,
        true,
      ]);
    }
  });
});
