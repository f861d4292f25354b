import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { selectorMatches } from './lib/netpol';
import { DB_OWNERS, containerNamed, ofKind, workloadNamed, workloads, type KObject } from './lib/objects';
import { documentedSecretKeys } from './lib/readme';
import { allVariants, build, type Variant } from './lib/variants';

/**
 * Durable writes (docs/architecture.md): every MongoDB of dev and prod is a replica set, one member in dev and
 * three in prod, formed by the manifests themselves; the services name the set and write with a journaled
 * majority. overlays/local runs the stand-in, a single server without replica sets: none of it there.
 */
const withReplicaSets = allVariants()
  .filter((v) => v.start !== 'overlays/local')
  .map((v) => [v.name, v] as const);
const local = allVariants().find((v) => v.start === 'overlays/local' && v.added.length === 0)!;

const membersOf = (v: Variant) => (v.env === 'prod' ? 3 : 1);
const prod = allVariants()
  .filter((v) => v.env === 'prod')
  .map((v) => [v.name, v] as const);

const literal = (c: IContainer, name: string) => c.env?.find((e) => e.name === name)?.value;

/** The database container's start script (`bash -c <script>`), and the mongod command line it ends with. */
function startOf(mongo: IContainer): { script: string; mongod: string[] } {
  const [shell, flag, script = ''] = mongo.command ?? [];
  expect([shell, flag]).toEqual(['bash', '-c']);
  const exec = /^\s*exec (mongod .*)$/m.exec(script);
  return { script, mongod: [...(exec?.[1] ?? '').split(/\s+/), ...(mongo.args ?? [])] };
}

/** A service's MONGO_URI with $(MONGO_HOSTS) expanded, as Kubernetes does (the credentials stay references). */
function uriOf(objects: KObject[], svc: string): string {
  const app = containerNamed(workloadNamed(objects, svc), svc);
  const uri = literal(app, 'MONGO_URI') ?? '';
  return uri.replace('$(MONGO_HOSTS)', literal(app, 'MONGO_HOSTS') ?? '$(MONGO_HOSTS)');
}

describe('replica sets', () => {
  it.each(withReplicaSets)(
    'when %s is built, then every MongoDB is the replica set rs0 with its members authenticated by a keyfile from its own secret',
    (_n, v) => {
      const objects = build(v);
      for (const svc of DB_OWNERS) {
        const db = workloadNamed(objects, `${svc}-mongo`);
        const mongo = containerNamed(db, 'mongo');
        const { script, mongod } = startOf(mongo);
        expect([svc, mongod.filter((f) => /^--(replSet|keyFile|auth)\b/.test(f))]).toEqual([
          svc,
          ['--replSet=rs0', '--keyFile=/tmp/keyfile', '--auth'],
        ]);
        // The keyfile mongod reads is a copy, readable by mongod's user only, of the secret's.
        expect(script).toContain('cp /etc/mongo-keyfile/keyfile /tmp/keyfile\nchmod 0400 /tmp/keyfile\n');
        const mount = mongo.volumeMounts?.find((m) => m.mountPath === '/etc/mongo-keyfile');
        expect([svc, mount?.readOnly]).toEqual([svc, true]);
        const volume = db.template.spec?.volumes?.find((vol) => vol.name === mount?.name);
        expect([svc, volume?.secret?.secretName, volume?.secret?.defaultMode]).toEqual([
          svc,
          `${svc}-mongo-keyfile`,
          0o440,
        ]);
        expect([svc, documentedSecretKeys().has(`${svc}-mongo-keyfile/keyfile`)]).toEqual([svc, true]);
      }
    },
  );

  it.each(withReplicaSets)(
    'when %s is built, then each set has as many members as its environment wants (1 dev, 3 prod), named through a headless Service',
    (_n, v) => {
      const objects = build(v);
      const services = ofKind<IService>(objects, 'Service');
      for (const svc of DB_OWNERS) {
        const name = `${svc}-mongo`;
        const db = workloadNamed(objects, name);
        expect([svc, db.replicas]).toEqual([svc, membersOf(v)]);
        // The start script forms the set from this count: it must be the StatefulSet's.
        expect([svc, literal(containerNamed(db, 'mongo'), 'REPLICA_SET_MEMBERS')]).toEqual([
          svc,
          String(membersOf(v)),
        ]);
        // The pods' names <set>-<i>.<service> exist when the governing Service is the headless one of the
        // same name (the script derives the members' names from its own pod name), even before they are Ready.
        const statefulSet = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name);
        expect((statefulSet?.spec as { serviceName?: string }).serviceName).toBe(name);
        const service = services.find((s) => s.metadata?.name === name);
        expect([svc, service?.spec?.clusterIP, service?.spec?.publishNotReadyAddresses]).toEqual([
          svc,
          'None',
          true,
        ]);
        expect(service?.spec?.selector).toEqual(db.template.metadata?.labels && { app: name });
      }
    },
  );

  it.each(prod)(
    'when %s is built, then a drain leaves each set a majority, and its members are spread over nodes',
    (_n, v) => {
      const objects = build(v);
      const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
      for (const svc of DB_OWNERS) {
        const name = `${svc}-mongo`;
        const budget = budgets.find((b) => b.metadata?.name === name);
        expect([svc, budget?.spec?.minAvailable]).toEqual([svc, 2]);
        const covered = workloads(objects).filter((w) =>
          selectorMatches(budget?.spec?.selector, w.template.metadata?.labels ?? {}),
        );
        expect([svc, covered.map((w) => w.name)]).toEqual([svc, [name]]);
        // One patch serves the four sets: the spread counts the pods with this pod's own app label.
        const spread = workloadNamed(objects, name).template.spec?.topologySpreadConstraints ?? [];
        expect([svc, spread]).toEqual([
          svc,
          [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
              matchLabelKeys: ['app'],
            },
          ],
        ]);
      }
    },
  );

  it.each(withReplicaSets)(
    'when %s is built, then the set is initiated by the manifests, once, and the user is made on its primary',
    (_n, v) => {
      const objects = build(v);
      for (const svc of DB_OWNERS) {
        const { script } = startOf(containerNamed(workloadNamed(objects, `${svc}-mongo`), 'mongo'));
        // No init container any more: a mongod of its own outside the set would write beside the replication.
        expect([svc, workloadNamed(objects, `${svc}-mongo`).template.spec?.initContainers]).toEqual([
          svc,
          undefined,
        ]);
        // The first pod initiates, and only a set that is not initiated yet: safe at every start.
        const initiate =
          /if \[ "\$\{HOSTNAME##\*-\}" = 0 \]; then\n\s*until mongosh [^\n]*'mongodb:\/\/127\.0\.0\.1:27017\/\?directConnection=true' --eval '([^']*)'; do sleep 5; done\n\s*fi/.exec(
            script,
          );
        expect([svc, initiate !== null]).toEqual([svc, true]);
        const body = (initiate?.[1] ?? '').replace(/\s+/g, ' ').trim();
        expect(body).toBe(
          'try { rs.status(); } catch (err) { if (err.codeName !== "NotYetInitialized") throw err; ' +
            'const members = process.env.MEMBERS.split(",").map((host, _id) => ({ _id, host })); ' +
            'rs.initiate({ _id: "rs0", members }); }',
        );
        // Then, from every pod, the user is made or updated on whichever member is primary.
        expect(script).toMatch(
          /until mongosh [^\n]*"mongodb:\/\/\$MEMBERS\/\?replicaSet=rs0" --eval '[^']*if \(own\.getUser\(user\)\) own\.updateUser\(user, \{ pwd, roles \}\);\s*else own\.createUser\(\{ user, pwd, roles \}\);/,
        );
        // Both as __system with the keyfile, in the background, while mongod itself is the process.
        expect(script).toContain('--username __system --authenticationDatabase local');
        expect(script).toMatch(/\) &\nexec mongod /);
        expect(script).toContain(
          'members=$(for ((i = 0; i < REPLICA_SET_MEMBERS; i++)); do echo "$set_name-$i.$set_name:27017"; done)',
        );
      }
    },
  );

  it.each(withReplicaSets)(
    'when %s is built, then each service names its set and every member in MONGO_URI, and writes with a journaled majority',
    (_n, v) => {
      const objects = build(v);
      for (const svc of DB_OWNERS) {
        const members = Array.from(
          { length: membersOf(v) },
          (_, i) => `${svc}-mongo-${i}.${svc}-mongo:27017`,
        );
        expect(uriOf(objects, svc)).toBe(
          `mongodb://$(MONGO_USERNAME):$(MONGO_PASSWORD)@${members.join(',')}/${svc}?replicaSet=rs0`,
        );
        const app = containerNamed(workloadNamed(objects, svc), svc);
        expect([svc, literal(app, 'MONGO_WRITE_CONCERN')]).toEqual([svc, 'majority']);
      }
    },
  );

  it('when overlays/local is built, then there is no replica set, keyfile or member list (the stand-in is a single server)', () => {
    const objects = build(local);
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/replSet|replicaSet|keyFile|mongo-keyfile|REPLICA_SET_MEMBERS|MONGO_HOSTS/);
    for (const svc of DB_OWNERS) {
      const db = workloadNamed(objects, `${svc}-mongo`);
      expect([svc, db.replicas, containerNamed(db, 'mongo').command]).toEqual([svc, 1, undefined]);
      expect(uriOf(objects, svc)).toBe(`mongodb://${svc}-mongo:27017/${svc}`);
      // The stand-in accepts the majority write concern (and, a single server, ignores it).
      expect(literal(containerNamed(workloadNamed(objects, svc), svc), 'MONGO_WRITE_CONCERN')).toBe(
        'majority',
      );
    }
  });
});
