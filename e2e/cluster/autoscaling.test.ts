import { eventually, type TicketJson } from '../src/support/api';
import {
  inNamespace,
  isReady,
  kubectl,
  podsOf,
  timed,
  waitForAllReady,
  waitForPods,
} from './support/cluster';
import { startClusterGateway, type ClusterGateway } from './support/gateway';
import { ClusterVisitor } from './support/visitor';

// The orders HPA as the prod overlay has it (two replicas at least, on CPU), with a target this machine's load
// generator can push past and a short scale-down window: under load through the gateway it adds replicas, the
// new ones serve requests and take events (orders' queue group on the bus) at once, and without load it goes
// back to two. The HPA reads the CPU from the resource metrics API (metrics-server, scripts/cluster/cluster.sh).
// The target: the dev request is 25m of CPU and an idle orders pod uses about 10m (40 %) here, so at 100 % four
// idle pods come back to two (ceil(4 x 0.4) = 2) while the load takes each pod far above it.

const HPA = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: orders}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: orders}
  minReplicas: 2
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 100}}
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
      policies: [{type: Pods, value: 2, periodSeconds: 15}]
    scaleDown:
      stabilizationWindowSeconds: 15
      policies: [{type: Percent, value: 100, periodSeconds: 15}]
`;

/** The sum of a Prometheus counter's samples whose labels contain every `key="value"` given. */
function counter(text: string, name: string, labels: string[]): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && labels.every((l) => line.includes(l)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** A pod's own /metrics, from the node (which the NetworkPolicies let reach every pod). */
async function podMetrics(ip: string): Promise<string> {
  const response = await fetch(`http://${ip}:3000/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET http://${ip}:3000/metrics: ${response.status}`);
  return response.text();
}

/** Whether any of the pods has counted at least one of the counter `name` with the labels given. */
async function anyCounted(pods: { ip: string }[], name: string, labels: string[]): Promise<boolean> {
  const counts = await Promise.all(pods.map(async (p) => counter(await podMetrics(p.ip), name, labels)));
  return counts.some((count) => count > 0);
}

describe('the orders HPA on the cluster', () => {
  let gateway: ClusterGateway;

  beforeAll(async () => {
    await timed('every pod Ready', () => waitForAllReady());
    gateway = await timed('gateway over the ClusterIPs', () => startClusterGateway());
  }, 600_000);
  afterAll(async () => {
    await gateway?.stop();
    // The next file finds overlays/local as deployed: one orders replica, no HPA.
    await kubectl(inNamespace('delete', 'hpa', 'orders', '--ignore-not-found'));
    await kubectl(inNamespace('scale', 'deployment', 'orders', '--replicas=1'));
    await timed('orders back to one pod', () => waitForPods('orders', 1, 600_000));
    await timed('every pod Ready again', () => waitForAllReady(600_000));
  }, 720_000);

  it('scales orders above two under load, the new replicas serving at once, and back to two', async () => {
    await kubectl(inNamespace('apply', '-f', '-'), { input: HPA });
    const before = await timed('the HPA at its minimum, two pods', () => waitForPods('orders', 2, 300_000));
    const original = new Set(before.map((p) => p.metadata.name));

    const buyer = await new ClusterVisitor(gateway.url).signUp('load');
    const seller = await new ClusterVisitor(gateway.url).signUp('seller');
    // Load: callers listing the buyer's orders through the gateway, each request verifying the session and
    // reading orders' database, until the HPA has added a pod. In bursts: the gateway keeps its connections to
    // a Service alive and lets them go after 2 s idle (tools/src/gateway.ts), and kube-proxy picks a pod per
    // connection, so the pause between bursts is what lets later bursts reach the pods the HPA added (as new
    // connections do behind a real ingress controller).
    let loading = true;
    let served = 0;
    const caller = async (until: number) => {
      while (loading && Date.now() < until) {
        const { status } = await buyer.call('GET', '/api/orders').catch(() => ({ status: 0 }));
        if (status === 200) served += 1;
      }
    };
    const load = (async () => {
      while (loading) {
        const until = Date.now() + 10_000;
        await Promise.all(Array.from({ length: 16 }, () => caller(until)));
        if (loading) await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
    })();
    let added: { name: string; ip: string }[] = [];
    try {
      added = await timed('the HPA adds a Ready orders pod', () =>
        eventually(
          async () => {
            const fresh = (await podsOf('orders'))
              .filter((p) => isReady(p) && !original.has(p.metadata.name) && p.status?.podIP)
              .map((p) => ({ name: p.metadata.name, ip: p.status!.podIP! }));
            if (fresh.length === 0)
              throw new Error(`orders has no new Ready pod yet (${served} requests served)`);
            return fresh;
          },
          420_000,
          2_000,
        ),
      );
      const { stdout } = await kubectl(
        inNamespace('get', 'hpa', 'orders', '-o', 'jsonpath={.status.desiredReplicas}'),
      );
      expect(Number(stdout)).toBeGreaterThan(2);

      // The new pod serves requests through the Service at once (the load goes on) ...
      await timed('a new pod serves requests', () =>
        eventually(
          async () => {
            if (
              !(await anyCounted(added, 'ticketing_http_request_duration_seconds_count', [
                'route="/api/orders',
              ]))
            )
              throw new Error('no new orders pod has served GET /api/orders yet');
          },
          120_000,
          2_000,
        ),
      );
      // ... and takes events from orders' queue group: tickets put on sale until one's ticket:created lands on
      // a new pod (the group shares the events among its members).
      await timed('a new pod takes ticket:created events', () =>
        eventually(
          async () => {
            const { status } = await seller.call<TicketJson>('POST', '/api/tickets', {
              title: 'scaled',
              price: 5,
            });
            expect(status).toBe(201);
            if (!(await anyCounted(added, 'ticketing_messages_handled_total', ['subject="ticket:created"'])))
              throw new Error('no new orders pod has handled ticket:created yet');
          },
          180_000,
          1_000,
        ),
      );
    } finally {
      loading = false;
      await load;
    }

    // Without load, back to the minimum.
    await timed('the HPA back at two pods', () => waitForPods('orders', 2, 420_000));
  }, 1_500_000);
});
