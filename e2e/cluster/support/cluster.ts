import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { eventually } from '../../src/support/api';

/** Where scripts/cluster/test.sh deploys overlays/local. */
export const NAMESPACE = 'ticketing';

/** Every application Deployment of the overlay. */
export const DEPLOYMENTS = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'client'] as const;

/** A variable scripts/cluster/test.sh sets before it calls jest. */
export function contractEnv(name: 'KUBECTL' | 'KUBECONFIG' | 'KUSTOMIZE'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: the cluster tests run under scripts/cluster/test.sh (npm run test:cluster), ` +
        'which sets KUBECONFIG, KUBECTL and KUSTOMIZE',
    );
  }
  return value;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlOptions {
  /** Written to kubectl's standard input (`-f -`). */
  input?: string;
  /** Throw when kubectl exits non-zero (default true). */
  check?: boolean;
  timeoutMs?: number;
}

/** Runs kubectl against the cluster (no shell); by default a non-zero exit throws with kubectl's own message. */
export function kubectl(args: string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const { input, check = true, timeoutMs = 600_000 } = options;
  const env = { ...process.env, KUBECONFIG: contractEnv('KUBECONFIG') };
  return new Promise((resolve, reject) => {
    const child = execFile(
      contractEnv('KUBECTL'),
      args,
      { env, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        if (err && (check || code === -1)) {
          reject(
            new Error(`kubectl ${args.join(' ')} failed (${err.code ?? err.message}): ${stderr.trim()}`),
          );
          return;
        }
        resolve({ stdout, stderr, code });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** kubectl with `-o json`, parsed. */
export async function kubectlJson<T>(args: string[]): Promise<T> {
  const { stdout } = await kubectl([...args, '-o', 'json']);
  return JSON.parse(stdout) as T;
}

export interface List<T> {
  items: T[];
}

/** `kubectl -n ticketing ...` */
export const inNamespace = (...args: string[]): string[] => ['-n', NAMESPACE, ...args];

// Only the fields these tests read.
export interface PodJson {
  metadata: {
    name: string;
    uid: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    ownerReferences?: { kind: string; name: string }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      state?: { terminated?: { exitCode: number } };
    }[];
  };
}

interface EnvVar {
  name: string;
  value?: string;
}

export interface DeploymentJson {
  metadata: { name: string };
  spec: {
    replicas?: number;
    template: { spec: { containers: { name: string; env?: EnvVar[] }[] } };
  };
}

export const isReady = (pod: PodJson): boolean =>
  !pod.metadata.deletionTimestamp &&
  pod.status?.phase === 'Running' &&
  (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The pods whose label `app` is the given one (terminating ones included). */
export async function podsOf(app: string): Promise<PodJson[]> {
  const { items } = await kubectlJson<List<PodJson>>(inNamespace('get', 'pods', '-l', `app=${app}`));
  return items;
}

export async function onlyPod(app: string): Promise<PodJson> {
  const pods = (await podsOf(app)).filter(isReady);
  if (pods.length !== 1) throw new Error(`expected one Ready pod of ${app}, found ${pods.length}`);
  return pods[0]!;
}

/**
 * Resolves once `app` has exactly `replicas` pods, every one Ready and none terminating (a rollout is over only
 * when the old pods are gone: `rollout status` returns while they may still drain).
 */
export async function waitForPods(app: string, replicas: number, timeoutMs = 300_000): Promise<PodJson[]> {
  return eventually(
    async () => {
      const pods = await podsOf(app);
      const ready = pods.filter(isReady);
      if (ready.length !== replicas || pods.length !== replicas) {
        const states = pods.map((p) => `${p.metadata.name}${isReady(p) ? '' : ' (not ready)'}`);
        throw new Error(
          `${app}: want ${replicas} Ready pods and no other, have ${states.join(', ') || 'none'}`,
        );
      }
      return ready;
    },
    timeoutMs,
    1_000,
  );
}

/** Resolves once every pod of the namespace is Ready and none is terminating, each workload at its replicas. */
export async function waitForAllReady(timeoutMs = 300_000): Promise<void> {
  await eventually(
    async () => {
      const [{ items: pods }, { items: workloads }] = await Promise.all([
        kubectlJson<List<PodJson>>(inNamespace('get', 'pods')),
        kubectlJson<List<{ metadata: { name: string }; spec: { replicas?: number }; kind?: string }>>(
          inNamespace('get', 'deployments,statefulsets'),
        ),
      ]);
      const unready = pods.filter((p) => !isReady(p)).map((p) => p.metadata.name);
      if (unready.length > 0) throw new Error(`pods not Ready or terminating: ${unready.join(', ')}`);
      for (const workload of workloads) {
        const own = pods.filter((p) => p.metadata.labels?.app === workload.metadata.name);
        if (own.length !== (workload.spec.replicas ?? 1)) {
          throw new Error(
            `${workload.metadata.name}: ${own.length} pods, want ${workload.spec.replicas ?? 1}`,
          );
        }
      }
    },
    timeoutMs,
    2_000,
  );
}

export async function deployment(name: string): Promise<DeploymentJson> {
  return kubectlJson<DeploymentJson>(inNamespace('get', 'deployment', name));
}

/** A variable's literal value in a Deployment's first container (undefined when unset or from a reference). */
export async function deploymentEnv(name: string, variable: string): Promise<string | undefined> {
  const container = (await deployment(name)).spec.template.spec.containers[0];
  return container?.env?.find((e) => e.name === variable)?.value;
}

/**
 * Waits for the Deployments' rollouts, then for their old pods to be gone (`rollout status` returns while they
 * may still drain), with one listing of the pods per poll.
 */
export async function waitForRollouts(names: readonly string[], timeoutMs = 600_000): Promise<void> {
  for (const name of names) {
    await kubectl(inNamespace('rollout', 'status', `deployment/${name}`, `--timeout=${timeoutMs / 1000}s`), {
      timeoutMs: timeoutMs + 10_000,
    });
  }
  const replicas = new Map(
    await Promise.all(
      names.map(async (name) => [name, (await deployment(name)).spec.replicas ?? 1] as const),
    ),
  );
  await eventually(
    async () => {
      const { items } = await kubectlJson<List<PodJson>>(inNamespace('get', 'pods'));
      for (const [name, want] of replicas) {
        const pods = items.filter((p) => p.metadata.labels?.app === name);
        if (pods.length !== want || !pods.every(isReady)) {
          throw new Error(
            `${name}: ${pods.length} pods (want ${want}), Ready: ${pods.filter(isReady).length}`,
          );
        }
      }
    },
    timeoutMs,
    2_000,
  );
}

export const waitForRollout = (name: string, timeoutMs?: number): Promise<void> =>
  waitForRollouts([name], timeoutMs);

/** `kubectl set env` on a Deployment, then its rollout to the end. */
/** Sets (or, given undefined, removes) a Deployment's variables in one rollout, and waits for it. */
export async function setDeploymentEnv(
  name: string,
  values: Record<string, string | undefined>,
): Promise<void> {
  const settings = Object.entries(values).map(([variable, value]) =>
    value === undefined ? `${variable}-` : `${variable}=${value}`,
  );
  await kubectl(inNamespace('set', 'env', `deployment/${name}`, ...settings));
  await waitForRollout(name);
}

/**
 * Deletes a pod without waiting for it to go (its controller makes another at once). `gracePeriodSeconds`
 * shortens the pod's own grace (the pre-stop pause and the drain are cut short, then SIGKILL).
 */
export async function deletePod(name: string, gracePeriodSeconds?: number): Promise<void> {
  const grace = gracePeriodSeconds === undefined ? [] : [`--grace-period=${gracePeriodSeconds}`];
  await kubectl(inNamespace('delete', 'pod', name, '--wait=false', ...grace));
}

/** Resolves once a pod other than `replaced` serves `app`, Ready, and `replaced` is gone. */
export async function waitForReplacement(
  app: string,
  replaced: PodJson,
  timeoutMs = 300_000,
): Promise<PodJson> {
  const [pod] = await waitForPods(app, 1, timeoutMs);
  if (!pod || pod.metadata.uid === replaced.metadata.uid) {
    throw new Error(`${app}: ${replaced.metadata.name} was not replaced`);
  }
  return pod;
}

/** Container restarts of the applications' pods, by pod name. */
export async function restartCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const app of DEPLOYMENTS) {
    for (const pod of await podsOf(app)) {
      counts[pod.metadata.name] = (pod.status?.containerStatuses ?? []).reduce(
        (n, c) => n + c.restartCount,
        0,
      );
    }
  }
  return counts;
}

/** Whether something accepts TCP connections at host:port right now (within timeoutMs). */
export function tcpOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

const started = Date.now();

/** One line per step with how long it took, so a slow run shows where its time went. */
export async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const begin = Date.now();
  try {
    return await step();
  } finally {
    const seconds = ((Date.now() - begin) / 1000).toFixed(1);
    const at = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`[cluster +${at}s] ${label}: ${seconds}s`);
  }
}
