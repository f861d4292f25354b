import type { IGateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IService } from 'kubernetes-models/v1/Service';
import { readFileSync } from 'node:fs';
import { selectorMatches } from './lib/netpol';
import { ofKind, workloads, type KObject } from './lib/objects';
import { repoPath } from './lib/paths';
import { documentedSecretKeys } from './lib/readme';
import { allVariants, build } from './lib/variants';

const cases = allVariants().map((v) => [v.name, v] as const);
const HOST = 'ticketing.dev';
/** The public routes of DESIGN.md sections 3 and 8: path prefix -> the Service behind it. */
const ROUTES: Record<string, string> = {
  '/api/users': 'auth-srv',
  '/api/docs': 'auth-srv',
  '/api/tickets': 'tickets-srv',
  '/api/orders': 'orders-srv',
  '/api/payments': 'payments-srv',
  '/': 'client-srv',
};
const APP_OF: Record<string, string> = {
  'auth-srv': 'auth',
  'tickets-srv': 'tickets',
  'orders-srv': 'orders',
  'payments-srv': 'payments',
  'client-srv': 'client',
};

/**
 * Follows a backend (Service name and port) to the pods: the Service exists and has the port, its selector
 * picks exactly one workload's pods, and its targetPort is a port of that workload's container.
 * Returns the workload name, or throws with the broken link.
 */
function resolveBackend(objects: KObject[], serviceName: string, port: number): string {
  const service = ofKind<IService>(objects, 'Service').find((s) => s.metadata?.name === serviceName);
  if (!service) throw new Error(`backend ${serviceName}: no such Service`);
  const servicePort = service.spec?.ports?.find((p) => p.port === port);
  if (!servicePort) throw new Error(`backend ${serviceName}:${port}: the Service has no such port`);
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) throw new Error(`${serviceName}: selects nothing`);
  const selected = workloads(objects).filter((w) =>
    selectorMatches({ matchLabels: selector }, w.template.metadata?.labels ?? {}),
  );
  if (selected.length !== 1) throw new Error(`${serviceName}: selects ${selected.length} workloads`);
  const [workload] = selected;
  const target = servicePort.targetPort ?? servicePort.port;
  const containerPort = workload?.containers
    .flatMap((c) => c.ports ?? [])
    .find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
  if (!containerPort) throw new Error(`${serviceName}: targetPort ${target} is no port of ${workload?.name}`);
  return workload?.name ?? '';
}

function ingressRoutes(objects: KObject[]): Record<string, [string, number]> {
  const routes: Record<string, [string, number]> = {};
  for (const ingress of ofKind<IIngress>(objects, 'Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      expect(rule.host).toBe(HOST);
      for (const p of rule.http?.paths ?? []) {
        expect([p.path, p.pathType]).toEqual([p.path, 'Prefix']);
        const backend = p.backend.service;
        routes[p.path ?? ''] = [backend?.name ?? '', backend?.port?.number ?? 0];
      }
    }
  }
  return routes;
}

function httpRouteRoutes(route: IHTTPRoute): Record<string, [string, number]> {
  const routes: Record<string, [string, number]> = {};
  for (const rule of route.spec.rules ?? []) {
    const [backend, ...others] = rule.backendRefs ?? [];
    expect(others).toEqual([]);
    for (const match of rule.matches ?? []) {
      expect(match.path?.type).toBe('PathPrefix');
      routes[match.path?.value ?? ''] = [backend?.name ?? '', backend?.port ?? 0];
    }
  }
  return routes;
}

describe('public routing', () => {
  it.each(cases)('when %s is built, then every route reaches the right pods on their port', (_n, variant) => {
    const objects = build(variant);
    const ingresses = ofKind<IIngress>(objects, 'Ingress');
    const gateways = ofKind<IGateway>(objects, 'Gateway');
    const routes = ofKind<IHTTPRoute>(objects, 'HTTPRoute');
    let table: Record<string, [string, number]>;
    if (variant.edge === 'ingress') {
      expect([ingresses.length, gateways.length, routes.length]).toEqual([1, 0, 0]);
      expect(ingresses[0]?.spec?.ingressClassName).toBe('nginx');
      table = ingressRoutes(objects);
    } else {
      expect(ingresses).toEqual([]);
      const main = routes.find((r) => r.metadata?.name === 'ticketing');
      if (!main) throw new Error('no HTTPRoute ticketing');
      table = httpRouteRoutes(main);
    }
    expect(Object.keys(table).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [prefix, [service, port]] of Object.entries(table)) {
      expect([prefix, service]).toEqual([prefix, ROUTES[prefix]]);
      expect([prefix, resolveBackend(objects, service, port)]).toEqual([prefix, APP_OF[service]]);
    }
  });

  it.each(cases)(
    'when %s is built, then every Service selects pods that have its target ports',
    (_n, variant) => {
      const objects = build(variant);
      for (const service of ofKind<IService>(objects, 'Service')) {
        for (const port of service.spec?.ports ?? []) {
          expect(() => resolveBackend(objects, service.metadata?.name ?? '', port.port)).not.toThrow();
        }
      }
    },
  );

  it.each(cases.filter(([, v]) => v.edge === 'gateway'))(
    'when %s is built, then the Gateway serves the host over HTTPS and plain HTTP only redirects',
    (_n, variant) => {
      const objects = build(variant);
      const [gateway, ...others] = ofKind<IGateway>(objects, 'Gateway');
      expect(others).toEqual([]);
      const settings = readFileSync(repoPath('infra/k8s/components/gateway-api/settings.env'), 'utf8');
      expect(`GATEWAY_CLASS_NAME=${gateway?.spec.gatewayClassName}`).toBe(settings.trim());
      const listeners = new Map((gateway?.spec.listeners ?? []).map((l) => [l.name, l]));
      expect(listeners.get('https')?.protocol).toBe('HTTPS');
      expect(listeners.get('http')?.protocol).toBe('HTTP');
      for (const listener of listeners.values()) expect(listener.hostname).toBe(HOST);
      const routes = ofKind<IHTTPRoute>(objects, 'HTTPRoute');
      for (const route of routes) {
        for (const parent of route.spec.parentRefs ?? []) {
          expect(parent.name).toBe(gateway?.metadata?.name);
          expect(listeners.has(parent.sectionName ?? '')).toBe(true);
        }
        expect(route.spec.hostnames).toEqual([HOST]);
      }
      const main = routes.find((r) => r.metadata?.name === 'ticketing');
      expect(main?.spec.parentRefs?.map((p) => p.sectionName)).toEqual(['https']);
      const redirect = routes.find((r) => r !== main);
      expect(redirect?.spec.parentRefs?.map((p) => p.sectionName)).toEqual(['http']);
      expect(redirect?.spec.rules?.[0]?.filters?.[0]?.requestRedirect?.scheme).toBe('https');
      expect(redirect?.spec.rules?.[0]?.backendRefs).toBeUndefined();
    },
  );

  it.each(cases)(
    'when %s is built, then the TLS certificate secret it names is documented',
    (_n, variant) => {
      const objects = build(variant);
      const documented = documentedSecretKeys();
      const names = [
        ...ofKind<IIngress>(objects, 'Ingress').flatMap((i) => (i.spec?.tls ?? []).map((t) => t.secretName)),
        ...ofKind<IGateway>(objects, 'Gateway').flatMap((g) =>
          g.spec.listeners.flatMap((l) => (l.tls?.certificateRefs ?? []).map((r) => r.name)),
        ),
      ];
      expect(names).toEqual(['ticketing-tls']);
      for (const name of names) {
        expect(documented.has(`${name}/tls.crt`) && documented.has(`${name}/tls.key`)).toBe(true);
      }
    },
  );
});
