import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { envOf, imageStages } from './lib/dockerfile';
import { scanFolder } from './lib/env-scan';
import { APPS, ofKind, workloads, type App, type KObject } from './lib/objects';
import { documentedSecretKeys } from './lib/readme';
import { allVariants, build, type Variant } from './lib/variants';

const cases = allVariants().map((v) => [v.name, v] as const);

/**
 * What each application reads, as agreed with the services (the floor: it must hold even before or if the
 * source scan misses something). SERVICE_NAME and LOG_LEVEL are read by common's logger in every service.
 */
const LOGGER = ['SERVICE_NAME', 'LOG_LEVEL'];
const BUS = [
  'EVENT_BUS',
  'NATS_URL',
  'NATS_CLUSTER_ID',
  'NATS_CLIENT_ID',
  'JETSTREAM_EVENTS_MAX_AGE_HOURS',
  'JETSTREAM_EVENTS_MAX_BYTES',
  'JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS',
  'JETSTREAM_DEAD_LETTERS_MAX_BYTES',
  'JETSTREAM_REPLICAS',
];
const READS: Record<App, string[]> = {
  auth: [
    'PORT',
    'MONGO_URI',
    'MONGO_WRITE_CONCERN',
    'JWT_PUBLIC_KEYS',
    'JWT_PRIVATE_KEY',
    'JWT_KEY_ID',
    ...BUS,
    ...LOGGER,
    'SIGNUP_LIMIT_PER_ADDRESS',
    'SIGNUP_LIMIT_PER_MINUTE',
    'TRUST_PROXY_HOPS',
  ],
  tickets: ['PORT', 'MONGO_URI', 'MONGO_WRITE_CONCERN', 'JWT_PUBLIC_KEYS', ...BUS, ...LOGGER],
  orders: [
    'PORT',
    'MONGO_URI',
    'MONGO_WRITE_CONCERN',
    'JWT_PUBLIC_KEYS',
    ...BUS,
    ...LOGGER,
    'EXPIRATION_WINDOW_SECONDS',
    'LAPSE_GRACE_SECONDS',
    'SWEEP_INTERVAL_MS',
  ],
  expiration: ['PORT', 'REDIS_URL', ...BUS, ...LOGGER],
  payments: [
    'PORT',
    'MONGO_URI',
    'MONGO_WRITE_CONCERN',
    'JWT_PUBLIC_KEYS',
    ...BUS,
    ...LOGGER,
    'STRIPE_KEY',
    'STRIPE_WEBHOOK_SECRET',
  ],
  client: ['PORT', 'AUTH_URL', 'TICKETS_URL', 'ORDERS_URL', 'PAYMENTS_URL', 'NEXT_PUBLIC_STRIPE_KEY'],
};

/** Read by the code but set by the runtime, not the Deployment (each with why). */
const SET_ELSEWHERE: Record<string, string> = {
  NEXT_RUNTIME: 'set by Next.js for each runtime it starts',
  NEXT_PHASE: 'set by Next.js while building',
};
/** Set in a Deployment although no source file names it (each with why). */
const MONGO_CREDENTIALS = {
  MONGO_USERNAME: 'composes MONGO_URI ($(MONGO_USERNAME)), from <svc>-mongo-credentials',
  MONGO_PASSWORD: 'composes MONGO_URI ($(MONGO_PASSWORD)), from <svc>-mongo-credentials',
  MONGO_HOSTS: "composes MONGO_URI ($(MONGO_HOSTS)): the replica set's members",
};
const EXTRA_SETTINGS: Partial<Record<App, Record<string, string>>> = {
  client: { HOSTNAME: "the address Next's standalone server binds to; Kubernetes would set the pod name" },
  expiration: { REDIS_PASSWORD: 'composes REDIS_URL ($(REDIS_PASSWORD)), from redis-credentials' },
  auth: MONGO_CREDENTIALS,
  tickets: MONGO_CREDENTIALS,
  orders: MONGO_CREDENTIALS,
  payments: MONGO_CREDENTIALS,
};
/** Secret keys a pod cannot start without; the Stripe settings are optional and the services fall back. */
const REQUIRED_SECRETS = [
  'JWT_PUBLIC_KEYS',
  'JWT_PRIVATE_KEY',
  'JWT_KEY_ID',
  'REDIS_PASSWORD',
  'MONGO_USERNAME',
  'MONGO_PASSWORD',
  'NATS_PASSWORD',
];

const commonReads = scanFolder('common/src', { directOnly: true });
function readsOf(app: App): Set<string> {
  const scanned =
    app === 'client'
      ? scanFolder('client', { literals: true })
      : new Set([...scanFolder(`${app}/src`), ...commonReads]);
  return new Set([...READS[app], ...scanned].filter((name) => !(name in SET_ELSEWHERE)));
}

function containerOf(objects: KObject[], app: App): IContainer {
  const workload = workloads(objects).find((w) => w.kind === 'Deployment' && w.name === app);
  const container = workload?.containers.find((c) => c.name === app);
  if (!container) throw new Error(`no container ${app}`);
  return container;
}

/** The value an env var resolves to, when it is a literal or a ConfigMap key of the same build. */
function valueOf(objects: KObject[], container: IContainer, name: string): string | undefined {
  const entry = container.env?.find((e) => e.name === name);
  if (entry?.value !== undefined) return entry.value;
  const ref = entry?.valueFrom?.configMapKeyRef;
  if (!ref) return undefined;
  const map = ofKind<IConfigMap>(objects, 'ConfigMap').find((m) => m.metadata?.name === ref.name);
  return map?.data?.[ref.key];
}

/** The value with its $(NAME) references to literal variables of the container expanded, as Kubernetes does. */
function expand(container: IContainer, value: string): string {
  return value.replace(/\$\(([A-Z0-9_]+)\)/g, (ref, name: string) => {
    const entry = container.env?.find((e) => e.name === name);
    return entry?.value ?? ref;
  });
}

/**
 * Every host and port of a URL: a MongoDB URI may list several (`mongodb://u:p@a:1,b:2/db`); or of several URLs
 * separated by commas (a NATS_URL naming the servers of a cluster).
 */
function addressesOf(value: string): { host: string; port: number }[] {
  return value.split(/,(?=[a-z+]+:\/\/)/).flatMap((url) => {
    const authority = url.replace(/^[a-z+]+:\/\//, '').split(/[/?]/)[0] ?? '';
    return authority
      .slice(authority.lastIndexOf('@') + 1)
      .split(',')
      .map((address) => {
        const [host = '', port = ''] = address.split(':');
        return { host, port: Number(port) };
      });
  });
}

const dockerfileEnv = (app: App, variant: Variant): Set<string> => envOf(imageStages(app), variant.image);

describe('environment of each application', () => {
  it.each(cases)('when %s is built, then every variable an application reads is set', (_n, variant) => {
    const objects = build(variant);
    for (const app of APPS) {
      const container = containerOf(objects, app);
      const set = new Set([...(container.env ?? []).map((e) => e.name), ...dockerfileEnv(app, variant)]);
      const missing = [...readsOf(app)].filter((name) => !set.has(name));
      expect([app, missing]).toEqual([app, []]);
    }
  });

  it.each(cases)(
    'when %s is built, then no application is given a variable it does not read',
    (_n, variant) => {
      const objects = build(variant);
      for (const app of APPS) {
        const known = new Set([...readsOf(app), ...Object.keys(EXTRA_SETTINGS[app] ?? {})]);
        const unknown = (containerOf(objects, app).env ?? []).map((e) => e.name).filter((n) => !known.has(n));
        expect([app, unknown]).toEqual([app, []]);
      }
    },
  );

  it.each(cases)('when %s is built, then every secret reference is a documented secret and key', (_n, v) => {
    const documented = documentedSecretKeys();
    for (const app of APPS) {
      for (const entry of containerOf(build(v), app).env ?? []) {
        const ref = entry.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect([app, entry.name, documented.has(`${ref.name}/${ref.key}`)]).toEqual([app, entry.name, true]);
        expect([entry.name, ref.optional === true]).toEqual([
          entry.name,
          !REQUIRED_SECRETS.includes(entry.name),
        ]);
      }
    }
  });

  it.each(cases)(
    'when %s is built, then every ConfigMap reference resolves and NATS ids are per pod',
    (_n, v) => {
      const objects = build(v);
      for (const app of APPS) {
        const container = containerOf(objects, app);
        for (const entry of container.env ?? []) {
          if (entry.valueFrom?.configMapKeyRef)
            expect([entry.name, valueOf(objects, container, entry.name)]).not.toEqual([
              entry.name,
              undefined,
            ]);
          if (entry.valueFrom?.fieldRef)
            expect([entry.name, entry.valueFrom.fieldRef.fieldPath]).toEqual([
              'NATS_CLIENT_ID',
              'metadata.name',
            ]);
        }
        if (readsOf(app).has('EVENT_BUS'))
          expect([app, valueOf(objects, container, 'EVENT_BUS')]).toEqual([app, v.transport]);
      }
    },
  );

  it.each(cases)(
    'when %s is built, then every URL names a Service of the build on a port it has',
    (_n, v) => {
      const objects = build(v);
      const services = ofKind<IService>(objects, 'Service');
      for (const app of APPS) {
        const container = containerOf(objects, app);
        for (const entry of container.env ?? []) {
          const value = valueOf(objects, container, entry.name);
          if (!value || !/^[a-z]+:\/\//.test(value)) continue;
          for (const { host, port } of addressesOf(expand(container, value))) {
            // A StatefulSet's pod is named under its governing Service: <pod>.<service>.
            const name = host.split('.').at(-1);
            const service = services.find((s) => s.metadata?.name === name);
            expect([entry.name, host, service?.spec?.ports?.some((p) => p.port === port)]).toEqual([
              entry.name,
              host,
              true,
            ]);
            // A service's database is its own: MONGO_URI never points at another service's MongoDB.
            if (entry.name === 'MONGO_URI') expect(name).toBe(`${app}-mongo`);
          }
        }
      }
    },
  );
});

describe('the session keys', () => {
  it.each(cases)('when %s is built, then only auth is given the private signing key', (_n, v) => {
    const objects = build(v);
    for (const app of APPS) {
      const secrets = (containerOf(objects, app).env ?? []).flatMap((e) => {
        const ref = e.valueFrom?.secretKeyRef;
        return ref ? [`${ref.name}/${ref.key}`] : [];
      });
      const signs = secrets.includes('session-signing-key/JWT_PRIVATE_KEY');
      expect([app, signs]).toEqual([app, app === 'auth']);
      const verifies = secrets.includes('session-public-keys/JWT_PUBLIC_KEYS');
      expect([app, verifies]).toEqual([app, ['auth', 'tickets', 'orders', 'payments'].includes(app)]);
    }
  });
});

describe('the secrets table of infra/README.md', () => {
  it('when every combination is built, then every documented secret key is referenced by one of them', () => {
    const referenced = new Set<string>();
    for (const variant of allVariants()) {
      const objects = build(variant);
      // Every container of every workload: the stores and the NATS server read secrets too.
      for (const workload of workloads(objects)) {
        const containers = [...workload.containers, ...(workload.template.spec?.initContainers ?? [])];
        for (const entry of containers.flatMap((c) => c.env ?? [])) {
          const ref = entry.valueFrom?.secretKeyRef;
          if (ref) referenced.add(`${ref.name}/${ref.key}`);
        }
      }
      // A secret mounted as files: each key whose file a container of the pod names in its command.
      for (const w of workloads(objects)) {
        for (const volume of w.template.spec?.volumes ?? []) {
          const secret = volume.secret?.secretName;
          if (!secret) continue;
          for (const c of w.containers) {
            const mount = c.volumeMounts?.find((m) => m.name === volume.name);
            const command = (c.command ?? []).join('\n');
            for (const pair of documentedSecretKeys()) {
              const [name, key] = pair.split('/');
              if (mount && name === secret && command.includes(`${mount.mountPath}/${key}`))
                referenced.add(pair);
            }
          }
        }
      }
      // TLS secrets are read whole by the ingress controller or the Gateway: both keys of kubernetes.io/tls.
      for (const object of objects) {
        for (const name of JSON.stringify(object).match(/"(?:secretName|name)":"ticketing-tls"/g) ?? []) {
          if (name) ['tls.crt', 'tls.key'].forEach((key) => referenced.add(`ticketing-tls/${key}`));
        }
      }
    }
    expect([...documentedSecretKeys()].filter((pair) => !referenced.has(pair))).toEqual([]);
  });
});
