import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { allowed, ruleAdmits, rulesOf, type Endpoint, type Flow } from './lib/netpol';
import { APPS, BUS_USERS, DB_OWNERS, HTTP_APPS, ofKind, workloads, type KObject } from './lib/objects';
import { allVariants, build, type Variant } from './lib/variants';

const cases = allVariants()
  .filter((v) => v.networkPolicies)
  .map((v) => [v.name, v] as const);

const nsLabels = (namespace: string) => ({ 'kubernetes.io/metadata.name': namespace });
let podCount = 0;
/** Pod addresses in 10.244.0.0/16, as a kind cluster hands them out. */
const nextPodIp = (): string => {
  podCount += 1;
  return `10.244.${Math.floor(podCount / 250)}.${(podCount % 250) + 2}`;
};
const pod = (id: string, namespace: string, labels: Record<string, string>): Endpoint => ({
  id,
  ip: nextPodIp(),
  pod: { namespace, namespaceLabels: nsLabels(namespace), labels },
});

/** Pods and addresses outside the manifests that take part in (or must be kept out of) the traffic. */
const INGRESS_NGINX = pod('ingress-nginx', 'ingress-nginx', {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
});
const GATEWAY_HERE = pod('gateway(ticketing)', 'ticketing', {
  'gateway.networking.k8s.io/gateway-name': 'ticketing',
});
const GATEWAY_ELSEWHERE = pod('gateway(nginx-gateway)', 'nginx-gateway', {
  'gateway.networking.k8s.io/gateway-name': 'ticketing',
});
const KUBE_DNS = pod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' });
const PROMETHEUS = pod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
/** A Prometheus somewhere else: it has no business scraping here. */
const PROMETHEUS_ELSEWHERE = pod('prometheus(other)', 'other', { 'app.kubernetes.io/name': 'prometheus' });
/** The one-machine cluster's CoreDNS (overlays/local): on the node, at its address on the pods' bridge; no pod. */
const NODE_DNS: Endpoint = { id: 'dns(node)', ip: '10.244.0.1' };
const STRIPE: Endpoint = { id: 'api.stripe.com', ip: '54.187.174.169' };
const STRANGER = pod('stranger(other)', 'other', { app: 'auth' });
const DEBUG = pod('debug(ticketing)', 'ticketing', { app: 'debug' });

const PORTS: [number, 'TCP' | 'UDP'][] = [
  [3000, 'TCP'],
  [9464, 'TCP'],
  [27017, 'TCP'],
  [6379, 'TCP'],
  [4222, 'TCP'],
  [6222, 'TCP'],
  [8222, 'TCP'],
  [443, 'TCP'],
  [53, 'UDP'],
  [53, 'TCP'],
];

/** Another member of a replica set or of the NATS cluster: a second pod of the same StatefulSet. */
const member = (workload: string) => `${workload}(member)`;

function workloadPods(objects: KObject[]): Endpoint[] {
  return workloads(objects).flatMap((w) => {
    const labels = w.template.metadata?.labels ?? {};
    const one = pod(w.name, 'ticketing', labels);
    const clustered = w.name.endsWith('-mongo') || (w.name === 'nats' && w.replicas > 1);
    return clustered ? [one, pod(member(w.name), 'ticketing', labels)] : [one];
  });
}

/** The traffic the platform really has, for the given front door. */
function expectedFlows(variant: Variant, pods: Endpoint[]): Set<string> {
  const flows = new Set<string>();
  const add = (from: string, to: string, port: number, protocol = 'TCP') =>
    flows.add(`${from} -> ${to}:${port}/${protocol}`);
  const edges = variant.edge === 'ingress' ? [INGRESS_NGINX] : [GATEWAY_HERE, GATEWAY_ELSEWHERE];
  for (const edge of edges) for (const app of HTTP_APPS) add(edge.id, app, 3000);
  for (const app of HTTP_APPS.filter((a) => a !== 'client')) add('client', app, 3000);
  for (const owner of DB_OWNERS) {
    const database = `${owner}-mongo`;
    add(owner, database, 27017);
    add(owner, member(database), 27017);
    // The members of a replica set replicate from, and elect, each other.
    add(database, member(database), 27017);
    add(member(database), database, 27017);
  }
  for (const user of BUS_USERS) add(user, 'nats', 4222);
  if (variant.natsCluster) {
    // The services connect to any server of the cluster; the servers route to each other.
    for (const user of BUS_USERS) add(user, member('nats'), 4222);
    add('nats', member('nats'), 6222);
    add(member('nats'), 'nats', 6222);
  }
  add('expiration', 'expiration-redis', 6379);
  add('payments', STRIPE.id, 443);
  for (const app of APPS) add(PROMETHEUS.id, app, app === 'client' ? 9464 : 3000);
  const dns = variant.start === 'overlays/local' ? [KUBE_DNS, NODE_DNS] : [KUBE_DNS];
  for (const source of [...pods, DEBUG]) {
    for (const server of dns) {
      add(source.id, server.id, 53, 'UDP');
      add(source.id, server.id, 53, 'TCP');
    }
  }
  return flows;
}

/**
 * Every connection worth asking about: between the platform's pods, from them to DNS, Stripe and pods
 * elsewhere, from strangers to them, from the front doors and Prometheus to them. (The Gateway's own pods are
 * run by its implementation and left out of the namespace's policies, so only what they reach here is checked.)
 */
function candidateFlows(pods: Endpoint[]): Flow[] {
  const inside = [...pods, DEBUG];
  const pairs: [Endpoint, Endpoint][] = [
    ...inside.flatMap((from) =>
      [...inside, KUBE_DNS, NODE_DNS, STRIPE, STRANGER].map((to): [Endpoint, Endpoint] => [from, to]),
    ),
    ...[STRANGER, INGRESS_NGINX, GATEWAY_HERE, GATEWAY_ELSEWHERE, PROMETHEUS, PROMETHEUS_ELSEWHERE].flatMap(
      (from) => inside.map((to): [Endpoint, Endpoint] => [from, to]),
    ),
  ];
  return pairs
    .filter(([from, to]) => from !== to)
    .flatMap(([from, to]) => PORTS.map(([port, protocol]) => ({ from, to, port, protocol })));
}

const key = (f: Flow) => `${f.from.id} -> ${f.to.id}:${f.port}/${f.protocol}`;

describe('network policies', () => {
  it.each(cases)('when %s is built, then exactly the real flows are allowed', (_n, variant) => {
    const objects = build(variant);
    const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
    const pods = workloadPods(objects);
    const allowedFlows = new Set(
      candidateFlows(pods)
        .filter((f) => allowed(policies, f))
        .map(key),
    );
    const expected = expectedFlows(variant, pods);
    expect([...allowedFlows].filter((f) => !expected.has(f)).sort()).toEqual([]);
    expect([...expected].filter((f) => !allowedFlows.has(f)).sort()).toEqual([]);
  });

  it.each(cases)('when %s is built, then every allow rule carries some real flow', (_n, variant) => {
    const objects = build(variant);
    const pods = workloadPods(objects);
    const expected = expectedFlows(variant, pods);
    const real = candidateFlows(pods).filter((f) => expected.has(key(f)));
    const unused = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').flatMap((policy) =>
      rulesOf(policy)
        .filter((rule) => !real.some((f) => ruleAdmits(rule, f)))
        .map((rule) => `${policy.metadata?.name} ${rule.direction} ${JSON.stringify(rule.peers)}`),
    );
    expect(unused).toEqual([]);
  });

  it.each(cases)("when %s is built, then no service reaches another service's database", (_n, variant) => {
    const objects = build(variant);
    const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
    const pods = new Map(workloadPods(objects).map((p) => [p.id, p]));
    for (const owner of DB_OWNERS) {
      const database = pods.get(`${owner}-mongo`);
      const own = [owner, `${owner}-mongo`, member(`${owner}-mongo`)];
      for (const other of [...pods.values()].filter((p) => !own.includes(p.id) && database)) {
        expect([
          other.id,
          owner,
          allowed(policies, { from: other, to: database as Endpoint, port: 27017, protocol: 'TCP' }),
        ]).toEqual([other.id, owner, false]);
      }
    }
  });
});
