import { eventually } from '../src/support/api';
import { DEPLOYMENTS, inNamespace, isReady, kubectl, podsOf, type List, NAMESPACE } from './support/cluster';

// The resource metrics API (metrics.k8s.io, served by metrics-server, which scripts/cluster/cluster.sh runs on
// the host and registers as an APIService): what `kubectl top` and the HorizontalPodAutoscalers read. Every
// application pod has its CPU and memory there, as the kubelet measured them, and `kubectl top` shows them.

/** Only the fields read here. */
interface PodMetricsJson {
  metadata: { name: string };
  containers: { name: string; usage: { cpu?: string; memory?: string } }[];
}

interface NodeMetricsJson {
  metadata: { name: string };
  usage: { cpu?: string; memory?: string };
}

/** A Kubernetes quantity of bytes (memory: plain, Ki, Mi, Gi) as a number. */
function bytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** A CPU quantity (cores, millicores m, nanocores n) in nanocores. */
function nanocores(quantity: string): number {
  const match = /^(\d+)(n|u|m)?$/.exec(quantity);
  if (!match) throw new Error(`not a CPU quantity: ${quantity}`);
  const unit = { n: 1, u: 1_000, m: 1_000_000 }[match[2] ?? ''] ?? 1_000_000_000;
  return Number(match[1]) * unit;
}

/** The names of the Ready pods of every application Deployment. */
async function applicationPods(): Promise<string[]> {
  const pods = (await Promise.all(DEPLOYMENTS.map((app) => podsOf(app)))).flat().filter(isReady);
  return pods.map((p) => p.metadata.name);
}

describe('the resource metrics API on the cluster (metrics-server)', () => {
  it('has the CPU and memory of every application pod', async () => {
    const names = await applicationPods();
    expect(names.length).toBeGreaterThanOrEqual(DEPLOYMENTS.length);
    // metrics-server has a pod's metrics after it scraped the kubelet twice with the pod running.
    const metrics = await eventually(
      async () => {
        const { stdout } = await kubectl([
          'get',
          '--raw',
          `/apis/metrics.k8s.io/v1beta1/namespaces/${NAMESPACE}/pods`,
        ]);
        const { items } = JSON.parse(stdout) as List<PodMetricsJson>;
        const missing = names.filter((n) => !items.some((m) => m.metadata.name === n));
        if (missing.length > 0) throw new Error(`no metrics yet for ${missing.join(', ')}`);
        return items;
      },
      180_000,
      5_000,
    );
    for (const name of names) {
      const pod = metrics.find((m) => m.metadata.name === name)!;
      expect(pod.containers.length).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(bytes(container.usage.memory ?? '')).toBeGreaterThan(0);
        expect(nanocores(container.usage.cpu ?? '')).toBeGreaterThanOrEqual(0);
      }
    }
  }, 240_000);

  it('has the node', async () => {
    const { stdout } = await kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes/localhost']);
    const node = JSON.parse(stdout) as NodeMetricsJson;
    expect(node.metadata.name).toBe('localhost');
    expect(bytes(node.usage.memory ?? '')).toBeGreaterThan(0);
    expect(nanocores(node.usage.cpu ?? '')).toBeGreaterThan(0);
  });

  it('answers `kubectl top pods` for every application pod', async () => {
    const names = await applicationPods();
    const { stdout } = await eventually(
      () => kubectl(inNamespace('top', 'pods', '--no-headers')),
      120_000,
      5_000,
    );
    const shown = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    for (const name of names) {
      const row = shown.find((cells) => cells[0] === name);
      expect(row).toBeDefined();
      // NAME CPU(cores) MEMORY(bytes), e.g. `orders-... 3m 92Mi`.
      expect(row![1]).toMatch(/^\d+m$/);
      expect(row![2]).toMatch(/^\d+Mi$/);
    }
  });
});
