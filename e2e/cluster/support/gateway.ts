import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ingressRoutes, startGateway, type Route } from '@ticketing/tools';
import { eventually } from '../../src/support/api';
import { inNamespace, kubectlJson, NAMESPACE, type List } from './cluster';

/** The applications the Ingress routes to, each behind its Service `<app>-srv` on port 3000. */
export const HTTP_APPS = ['auth', 'tickets', 'orders', 'payments', 'client'] as const;
export type HttpApp = (typeof HTTP_APPS)[number];

interface ServiceJson {
  metadata: { name: string };
  spec: { clusterIP?: string; ports?: { port: number }[] };
}

/** The ClusterIP address and port of each application's Service. */
export async function serviceAddresses(): Promise<Record<HttpApp, Route['target']>> {
  const { items } = await kubectlJson<List<ServiceJson>>(inNamespace('get', 'services'));
  const entries = HTTP_APPS.map((app) => {
    const service = items.find((item) => item.metadata.name === `${app}-srv`);
    const ip = service?.spec.clusterIP;
    const port = service?.spec.ports?.find((p) => p.port === 3000)?.port;
    if (!ip || ip === 'None' || !port) {
      throw new Error(`Service ${app}-srv with a ClusterIP and port 3000 not found in ${NAMESPACE}`);
    }
    return [app, { host: ip, port }] as const;
  });
  return Object.fromEntries(entries) as Record<HttpApp, Route['target']>;
}

/**
 * The Ingress's routes (tools/src/gateway.ts `ingressRoutes`, the one table of them) with each target the
 * Service's ClusterIP. `ingressRoutes` names its targets by port only, so each application gets a stand-in port
 * that says which Service a prefix goes to.
 */
export function clusterRoutes(addresses: Record<HttpApp, Route['target']>): Route[] {
  const standIn = Object.fromEntries(HTTP_APPS.map((app, index) => [app, index + 1]));
  return ingressRoutes(standIn).map((route) => {
    const app = HTTP_APPS[route.target.port - 1];
    if (!app) throw new Error(`ingressRoutes gave an unknown target for ${route.prefix}`);
    return { prefix: route.prefix, target: addresses[app] };
  });
}

export interface ClusterGateway {
  /** http://127.0.0.1:<port>, the one origin the Ingress would be. */
  url: string;
  routes: Route[];
  stop(): Promise<void>;
}

/** The project's gateway in front of the Services, routing as the Ingress does. */
export async function startClusterGateway(): Promise<ClusterGateway> {
  const routes = clusterRoutes(await serviceAddresses());
  const server: Server = await startGateway(0, routes);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Answers once every Service routes (the API ones and the client's page).
  await eventually(
    async () => {
      for (const path of ['/api/users/currentuser', '/api/tickets?limit=1', '/']) {
        const response = await fetch(`${url}${path}`);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET ${path} through the gateway: ${response.status}`);
      }
    },
    120_000,
    1_000,
  );
  return {
    url,
    routes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
