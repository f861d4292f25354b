import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { existsSync, readFileSync } from 'node:fs';
import { APPS, ofKind, workloads, type Workload } from './lib/objects';
import { repoPath } from './lib/paths';
import { allVariants, build, type Variant } from './lib/variants';

const cases = allVariants().map((v) => [v.name, v] as const);
const isApp = (w: Workload): boolean =>
  w.kind === 'Deployment' && (APPS as readonly string[]).includes(w.name);

/**
 * The one documented exception to readOnlyRootFilesystem: in dev the application containers run the `dev`
 * image target, whose compiler and dev server write next to the sources skaffold syncs into the container.
 */
const writableRoot = (variant: Variant, w: Workload): boolean => variant.env === 'dev' && isApp(w);

function quantity(value: string | number | undefined): number {
  if (value === undefined) return NaN;
  const text = String(value);
  const units: Record<string, number> = {
    m: 1e-3,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text);
  if (!match) return NaN;
  const unit = match[2] ?? '';
  if (unit !== '' && units[unit] === undefined) return NaN;
  return Number(match[1]) * (unit === '' ? 1 : (units[unit] ?? NaN));
}

/** The container's security settings with the pod-level ones it inherits. */
function effective(pod: IPodSpec, container: IContainer): ISecurityContext {
  const podContext = pod.securityContext ?? {};
  const own = container.securityContext ?? {};
  return {
    ...own,
    runAsNonRoot: own.runAsNonRoot ?? podContext.runAsNonRoot,
    runAsUser: own.runAsUser ?? podContext.runAsUser,
    seccompProfile: own.seccompProfile ?? podContext.seccompProfile,
  };
}

function problemsOf(variant: Variant, w: Workload): string[] {
  const problems: string[] = [];
  const pod = w.template.spec;
  if (!pod) return [`${w.name}: no pod spec`];
  const say = (text: string) => problems.push(`${w.kind}/${w.name}: ${text}`);
  if (pod.automountServiceAccountToken !== false) say('mounts a service account token');
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) say('shares a host namespace');
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  const initContainers = pod.initContainers ?? [];
  for (const container of [...w.containers, ...initContainers]) {
    const init = initContainers.includes(container);
    const sc = effective(pod, container);
    const where = `${init ? 'init container' : 'container'} ${container.name}`;
    if (sc.runAsNonRoot !== true) say(`${where} may run as root`);
    if (sc.runAsUser === undefined || sc.runAsUser === 0) say(`${where} has no non-root uid`);
    if (isApp(w) && sc.runAsUser !== 1000) say(`${where} is not uid 1000 (the node user of the image)`);
    if (sc.allowPrivilegeEscalation !== false) say(`${where} allows privilege escalation`);
    if (sc.privileged) say(`${where} is privileged`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) say(`${where} keeps capabilities`);
    if ((sc.capabilities?.add ?? []).length > 0) say(`${where} adds capabilities`);
    if (sc.seccompProfile?.type !== 'RuntimeDefault') say(`${where} has no RuntimeDefault seccomp profile`);
    if (writableRoot(variant, w)) {
      if (sc.readOnlyRootFilesystem !== false) say(`${where} should be writable in dev (skaffold sync)`);
    } else if (sc.readOnlyRootFilesystem !== true) say(`${where} has a writable root filesystem`);
    const tmp = (container.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
    if (isApp(w) && volumes.get(tmp?.name ?? '')?.emptyDir === undefined)
      say(`${where} has no emptyDir at /tmp`);
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name) && !w.claims.includes(mount.name)) {
        say(`${where} mounts unknown volume ${mount.name}`);
      }
    }
    // Init containers run to completion before the pod serves: Kubernetes refuses probes on them.
    for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      if (!init && !container[kind]) say(`${where} has no ${kind}`);
    }
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const resource of ['cpu', 'memory']) {
      const request = quantity(requests[resource]);
      const limit = quantity(limits[resource]);
      if (!(request > 0)) say(`${where} has no ${resource} request`);
      if (!(limit > 0)) say(`${where} has no ${resource} limit`);
      if (request > limit) say(`${where} requests more ${resource} than its limit`);
    }
    const image = container.image ?? '';
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    if (image.startsWith('ticketing/')) {
      if (variant.env !== 'base' && !tag) say(`${where} image ${image} has no tag in the overlay`);
    } else if (!tag || !/^\d+\.\d+\.\d+/.test(tag))
      say(`${where} image ${image} is not pinned to an exact version`);
  }
  return problems;
}

const httpGet = (probe: IProbe | undefined) => probe?.httpGet;

describe('pod hardening', () => {
  it.each(cases)('when %s is built, then every container is hardened, probed and sized', (_n, variant) => {
    const problems = workloads(build(variant)).flatMap((w) => problemsOf(variant, w));
    expect(problems).toEqual([]);
  });

  it.each(cases)(
    'when %s is built, then every application, the client included, probes /healthz and /readyz on port 3000',
    (_n, v) => {
      const apps = workloads(build(v)).filter(isApp);
      expect(apps.map((w) => w.name).sort()).toEqual([...APPS].sort());
      for (const w of apps) {
        const [container] = w.containers;
        expect(w.containers).toHaveLength(1);
        const ports = new Map((container?.ports ?? []).map((p) => [p.name, p.containerPort]));
        const port = (probe: IProbe | undefined) => {
          const value = httpGet(probe)?.port;
          return typeof value === 'string' ? ports.get(value) : value;
        };
        expect([w.name, httpGet(container?.startupProbe)?.path]).toEqual([w.name, '/healthz']);
        expect([w.name, httpGet(container?.livenessProbe)?.path]).toEqual([w.name, '/healthz']);
        expect([w.name, httpGet(container?.readinessProbe)?.path]).toEqual([w.name, '/readyz']);
        for (const probe of [container?.startupProbe, container?.livenessProbe, container?.readinessProbe]) {
          expect([w.name, port(probe)]).toEqual([w.name, 3000]);
        }
      }
    },
  );

  // The services get both endpoints from common's createApp; the client must serve them as Next.js route
  // handlers (client/test/health.test.ts asks the built client over HTTP).
  it.each(cases)(
    'when %s is built, then every path the client is probed on is a GET route handler of the client',
    (_n, v) => {
      const client = workloads(build(v)).find((w) => w.kind === 'Deployment' && w.name === 'client');
      const [container] = client?.containers ?? [];
      const paths = new Set(
        [container?.startupProbe, container?.livenessProbe, container?.readinessProbe].map(
          (probe) => httpGet(probe)?.path ?? '(not an HTTP probe)',
        ),
      );
      expect([...paths].sort()).toEqual(['/healthz', '/readyz']);
      for (const path of paths) {
        const handler = repoPath('client', 'app', path, 'route.ts');
        expect([path, existsSync(handler)]).toEqual([path, true]);
        expect([path, /export (async )?function GET\b/.test(readFileSync(handler, 'utf8'))]).toEqual([
          path,
          true,
        ]);
        expect([path, existsSync(repoPath('client', 'app', path, 'page.tsx'))]).toEqual([path, false]);
      }
    },
  );

  it.each(cases)('when %s is built, then each application has its own token-less ServiceAccount', (_n, v) => {
    const objects = build(v);
    const accounts = ofKind<IServiceAccount>(objects, 'ServiceAccount');
    for (const w of workloads(objects).filter(isApp)) {
      expect([w.name, w.template.spec?.serviceAccountName]).toEqual([w.name, w.name]);
      const account = accounts.find((a) => a.metadata?.name === w.name);
      expect([w.name, account?.automountServiceAccountToken]).toEqual([w.name, false]);
    }
    expect(accounts).toHaveLength(APPS.length);
  });

  it('when a container is not hardened, then the check names what is missing', () => {
    const variant = allVariants()[0] as Variant;
    const w: Workload = {
      kind: 'Deployment',
      name: 'auth',
      replicas: 1,
      template: { spec: { containers: [{ name: 'auth', image: 'ticketing/auth' }] } },
      containers: [{ name: 'auth', image: 'ticketing/auth' }],
      claims: [],
    };
    const problems = problemsOf({ ...variant, env: 'prod' }, w).join('\n');
    for (const missing of [
      'token',
      'root',
      'privilege escalation',
      'capabilities',
      'seccomp',
      'writable root',
    ]) {
      expect(problems).toContain(missing);
    }
    expect(problems).toContain('readinessProbe');
    expect(problems).toContain('cpu request');
    expect(problems).toContain('no tag');
  });
});
