import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commandOf, lastOf, readDockerfile } from './lib/dockerfile';
import { DB_OWNERS, workloads, type KObject } from './lib/objects';
import { repoPath } from './lib/paths';
import { allVariants, build, type Variant } from './lib/variants';

const STORAGE_CLASS = 'local-path';
const STAND_IN = 'ticketing/mongo-stand-in:local';
const DATABASES = DB_OWNERS.map((svc) => `${svc}-mongo`);
/** The dependencies' public images, and the machine-built ones in their place (infra/docker/local-deps). */
const LOCAL_DEPENDENCIES: Record<string, string> = {
  'nats-streaming': 'ticketing/nats-streaming:local',
  nats: 'ticketing/nats:local',
  redis: 'ticketing/redis:local',
};

/** The node's address on the pods' bridge, where the one-machine cluster runs CoreDNS (scripts/cluster/cluster.sh). */
const NODE_IP = /^BRIDGE_IP=([\d.]+)$/m.exec(
  readFileSync(repoPath('scripts/cluster/cluster.sh'), 'utf8'),
)?.[1];

/** The one policy overlays/local adds: every pod the dev build's allow-dns covers may query the node's DNS. */
const nodeDnsPolicy = (): KObject =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-node-dns', namespace: 'ticketing' },
    spec: {
      podSelector: {
        matchExpressions: [{ key: 'gateway.networking.k8s.io/gateway-name', operator: 'DoesNotExist' }],
      },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: `${NODE_IP}/32` } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  }) as KObject;

const variant = (name: string): Variant => {
  const found = allVariants().find((v) => v.name === name);
  if (!found) throw new Error(`no variant ${name}`);
  return found;
};

interface PodOwner {
  spec: {
    template: { spec: { containers: IContainer[]; initContainers?: IContainer[]; volumes?: IVolume[] } };
    volumeClaimTemplates?: IPersistentVolumeClaim[];
  };
}

/** What overlays/local is meant to change in the dev build, applied to a copy of it. */
function devAsLocal(dev: KObject[]): KObject[] {
  const copy = structuredClone(dev);
  for (const object of copy) {
    if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') continue;
    const { spec } = object as unknown as PodOwner;
    for (const container of spec.template.spec.containers) {
      const image = container.image ?? '';
      if (image.startsWith('ticketing/')) container.image = image.replace(/:dev$/, ':local');
      const dependency = LOCAL_DEPENDENCIES[image.split(':')[0] ?? ''];
      if (dependency) container.image = dependency;
      if (/^mongo:/.test(image)) {
        container.image = STAND_IN;
        // The stand-in is a single server without authentication: no replica set to form (nor keyfile to
        // share), no users to create, no credentials to connect with.
        delete container.command;
        delete container.args;
        delete container.env;
        container.volumeMounts = container.volumeMounts?.filter((m) => m.name !== 'keyfile');
        spec.template.spec.volumes = spec.template.spec.volumes?.filter((v) => v.name !== 'keyfile');
      }
      if ((DB_OWNERS as readonly string[]).includes(container.name)) {
        const env = container.env ?? [];
        const uri = env.find((e) => e.name === 'MONGO_URI');
        const rest = env.filter(
          (e) => !['MONGO_USERNAME', 'MONGO_PASSWORD', 'MONGO_HOSTS', 'MONGO_URI'].includes(e.name),
        );
        // The URI without its user, naming the one server instead of the replica set's members; the patch that
        // sets it puts it first, as strategic merges do.
        const alone = uri?.value
          ?.replace(/\/\/[^@/]*@\$\(MONGO_HOSTS\)/, `//${container.name}-mongo:27017`)
          .replace('?replicaSet=rs0', '');
        container.env = [{ name: 'MONGO_URI', value: alone }, ...rest];
      }
    }
    for (const claim of spec.volumeClaimTemplates ?? []) {
      if (claim.spec) claim.spec.storageClassName = STORAGE_CLASS;
    }
  }
  // Among the policies, in kustomize's order (by name).
  const after = copy.findIndex((o) => o.kind === 'NetworkPolicy' && o.metadata.name > 'allow-node-dns');
  copy.splice(after, 0, nodeDnsPolicy());
  return copy;
}

describe('overlays/local (the single-node cluster on one machine)', () => {
  const local = (): KObject[] => build(variant('overlays/local'));

  it('when it is built, then it is the dev build with only image names, the database (and its authentication), the storage class and DNS on the node changed', () => {
    expect(NODE_IP).toMatch(/^10\.244\.0\.1$/);
    expect(local()).toEqual(devAsLocal(build(variant('overlays/dev'))));
  });

  it('when it is built, then every container runs an image that scripts/cluster/images.sh builds', () => {
    const built = execFileSync('bash', [repoPath('scripts/cluster/images.sh'), 'list'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const images = workloads(local()).flatMap((w) =>
      [...w.containers, ...(w.template.spec?.initContainers ?? [])].map((c) => [w.name, c.image] as const),
    );
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter(([, image]) => !built.includes(image ?? ''))).toEqual([]);
  });

  it('when it is built, then every volume claim names the local storage class', () => {
    const claims = local()
      .filter((o) => o.kind === 'StatefulSet')
      .flatMap((o) =>
        ((o as unknown as PodOwner).spec.volumeClaimTemplates ?? []).map(
          (claim) => [o.metadata.name, claim.spec?.storageClassName] as const,
        ),
      );
    expect(claims.length).toBeGreaterThanOrEqual(DATABASES.length + 2);
    expect(claims.filter(([, cls]) => cls !== STORAGE_CLASS)).toEqual([]);
  });

  it('when a database pod starts, then it runs the stand-in image as that image defines it, on its volume', () => {
    const stages = readDockerfile('infra/docker/mongo-stand-in/Dockerfile');
    const { argv } = commandOf(stages, 'production');
    const [port, dataFile] = argv.slice(-2);
    const databases = workloads(local()).filter((w) => DATABASES.includes(w.name));
    expect(databases.map((w) => w.name).sort()).toEqual([...DATABASES].sort());
    for (const db of databases) {
      const [container] = db.containers;
      expect([db.name, container?.image, container?.command, container?.args]).toEqual([
        db.name,
        STAND_IN,
        undefined,
        undefined,
      ]);
      expect([db.name, container?.ports?.map((p) => String(p.containerPort))]).toEqual([db.name, [port]]);
      const dataMount = container?.volumeMounts?.find((m) => m.name === 'data');
      expect([db.name, dataMount?.mountPath]).toEqual([db.name, path.posix.dirname(dataFile ?? '')]);
      const uid = db.template.spec?.securityContext?.runAsUser;
      expect([db.name, lastOf(stages, 'production', 'USER')?.split(':')[0]]).toEqual([db.name, String(uid)]);
    }
  });
});
