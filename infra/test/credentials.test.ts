import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { readFileSync } from 'node:fs';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import {
  BUS_USER_NAMES,
  kubernetesNatsConfig,
  natsPasswordVariable,
  natsSecretName,
  natsUsersOf,
  type NatsTransport,
} from '@ticketing/common';
import { DB_OWNERS, containerNamed, ofKind, workloadNamed, type KObject } from './lib/objects';
import { repoPath } from './lib/paths';
import { allVariants, build } from './lib/variants';

/**
 * The stores' credentials (docs/architecture.md, Security): Redis asks every client for the password of the
 * secret redis-credentials, in every build; each MongoDB runs with authentication and one user per service, with
 * readWrite on that service's database only, in every build but overlays/local, whose stand-in has none. (The
 * replica sets' own checks are in replica-sets.test.ts.)
 */
const cases = allVariants().map((v) => [v.name, v] as const);
const withMongoAuth = cases.filter(([, v]) => v.start !== 'overlays/local');

/** `secret/key` for a variable read from a secret, the literal value otherwise. */
function source(env: IEnvVar[] | undefined, name: string): string | undefined {
  const entry = env?.find((e) => e.name === name);
  const ref = entry?.valueFrom?.secretKeyRef;
  if (ref) return `secret ${ref.name}/${ref.key}${ref.optional ? ' (optional)' : ''}`;
  return entry?.value;
}

/** The mongod command line: the container's own, or the one its start script ends with (`exec mongod ...`). */
function mongodCommand(c: IContainer): string[] {
  const command = c.command ?? [];
  if (command[0] !== 'bash') return command;
  const exec = /^\s*exec (mongod .*)$/m.exec(command[2] ?? '');
  return [...(exec?.[1] ?? '').split(/\s+/), ...(c.args ?? [])];
}

/** Kubernetes expands $(VAR) only from variables defined earlier in the list. */
function definedBefore(env: IEnvVar[] | undefined, first: string, then: string): boolean {
  const names = (env ?? []).map((e) => e.name);
  return names.includes(first) && names.indexOf(first) < names.indexOf(then);
}

describe('Redis credentials', () => {
  it.each(cases)('when %s is built, then Redis requires the password of redis-credentials', (_n, v) => {
    const redis = containerNamed(workloadNamed(build(v), 'expiration-redis'), 'redis');
    const command = redis.command ?? [];
    expect(command[0]).toBe('redis-server');
    expect(command[command.indexOf('--requirepass') + 1]).toBe('$(REDIS_PASSWORD)');
    expect(source(redis.env, 'REDIS_PASSWORD')).toBe('secret redis-credentials/password');
    // The probes' redis-cli authenticates with it.
    expect(source(redis.env, 'REDISCLI_AUTH')).toBe('secret redis-credentials/password');
    expect(command).not.toContain('--protected-mode');
  });

  it.each(cases)('when %s is built, then expiration connects with that password', (_n, v) => {
    const expiration = containerNamed(workloadNamed(build(v), 'expiration'), 'expiration');
    expect(source(expiration.env, 'REDIS_PASSWORD')).toBe('secret redis-credentials/password');
    expect(source(expiration.env, 'REDIS_URL')).toBe('redis://:$(REDIS_PASSWORD)@expiration-redis:6379');
    expect(definedBefore(expiration.env, 'REDIS_PASSWORD', 'REDIS_URL')).toBe(true);
  });
});

describe('MongoDB credentials', () => {
  it.each(withMongoAuth)('when %s is built, then every MongoDB runs with authentication', (_n, v) => {
    const objects = build(v);
    for (const svc of DB_OWNERS) {
      const mongod = mongodCommand(containerNamed(workloadNamed(objects, `${svc}-mongo`), 'mongo'));
      expect([svc, mongod[0], mongod.includes('--auth')]).toEqual([svc, 'mongod', true]);
    }
  });

  it.each(withMongoAuth)(
    "when %s is built, then each database's user comes from its service's secret and gets readWrite on its own database only",
    (_n, v) => {
      const objects = build(v);
      for (const svc of DB_OWNERS) {
        const mongo = containerNamed(workloadNamed(objects, `${svc}-mongo`), 'mongo');
        expect([svc, source(mongo.env, 'MONGO_DATABASE')]).toEqual([svc, svc]);
        expect([svc, source(mongo.env, 'MONGO_USERNAME')]).toEqual([
          svc,
          `secret ${svc}-mongo-credentials/username`,
        ]);
        expect([svc, source(mongo.env, 'MONGO_PASSWORD')]).toEqual([
          svc,
          `secret ${svc}-mongo-credentials/password`,
        ]);
        const script = (mongo.command ?? []).join('\n');
        // One role, on the database named by MONGO_DATABASE, given to the user named by MONGO_USERNAME.
        expect(script.match(/role:\s*"[^"]*"/g)).toEqual(['role: "readWrite"']);
        expect(script).toContain('const roles = [{ role: "readWrite", db: name }];');
        expect(script).toContain('MONGO_DATABASE: name');
        expect(script).toContain('db.getSiblingDB(name)');
        // Created on the replica set's primary (the connection names the set), never on a lone member.
        expect(script).toMatch(
          /until mongosh [^\n]*"mongodb:\/\/\$MEMBERS\/\?replicaSet=rs0" --eval '\n[^']*createUser/,
        );
        expect(script).not.toContain('--port=27018');
      }
    },
  );

  it.each(withMongoAuth)(
    "when %s is built, then each service's MONGO_URI carries its own secret's user, on its own database",
    (_n, v) => {
      const objects = build(v);
      for (const svc of DB_OWNERS) {
        const app = containerNamed(workloadNamed(objects, svc), svc);
        expect([svc, source(app.env, 'MONGO_USERNAME')]).toEqual([
          svc,
          `secret ${svc}-mongo-credentials/username`,
        ]);
        expect([svc, source(app.env, 'MONGO_PASSWORD')]).toEqual([
          svc,
          `secret ${svc}-mongo-credentials/password`,
        ]);
        expect([svc, source(app.env, 'MONGO_URI')]).toEqual([
          svc,
          `mongodb://$(MONGO_USERNAME):$(MONGO_PASSWORD)@$(MONGO_HOSTS)/${svc}?replicaSet=rs0`,
        ]);
        expect([svc, definedBefore(app.env, 'MONGO_USERNAME', 'MONGO_URI')]).toEqual([svc, true]);
        expect([svc, definedBefore(app.env, 'MONGO_PASSWORD', 'MONGO_URI')]).toEqual([svc, true]);
        expect([svc, definedBefore(app.env, 'MONGO_HOSTS', 'MONGO_URI')]).toEqual([svc, true]);
      }
    },
  );

  it('when overlays/local is built, then MongoDB authentication is left out (the stand-in has none)', () => {
    const local = allVariants().find((v) => v.start === 'overlays/local' && v.added.length === 0)!;
    const objects = build(local);
    for (const svc of DB_OWNERS) {
      const db = workloadNamed(objects, `${svc}-mongo`);
      expect([
        svc,
        db.template.spec?.initContainers,
        db.containers[0]?.command,
        db.containers[0]?.env,
      ]).toEqual([svc, undefined, undefined, undefined]);
      const app = containerNamed(workloadNamed(objects, svc), svc);
      expect([svc, source(app.env, 'MONGO_URI')]).toEqual([svc, `mongodb://${svc}-mongo:27017/${svc}`]);
    }
    expect(JSON.stringify(objects)).not.toMatch(/-mongo-credentials|-mongo-keyfile/);
  });
});

/** The NATS server's configuration as the pod reads it: its --config file and what that file includes. */
function natsConfigOf(objects: KObject[], nats: IContainer): string {
  const config =
    (nats.args ?? []).find((arg) => arg.startsWith('--config='))?.slice('--config='.length) ?? '';
  const maps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const read = (path: string): string => {
    const slash = path.lastIndexOf('/');
    const [dir, file] = [path.slice(0, slash), path.slice(slash + 1)];
    const nats = workloadNamed(objects, 'nats');
    const mount = nats.containers[0]?.volumeMounts?.find((m) => m.mountPath === dir);
    const volume = nats.template.spec?.volumes?.find((v) => v.name === mount?.name);
    const map = maps.find((m) => m.metadata?.name === volume?.configMap?.name);
    const text = map?.data?.[file];
    if (text === undefined) throw new Error(`the nats pod has no file ${path}`);
    return text.replace(/^include "([^"]+)"$/gm, (_line, included: string) => read(`${dir}/${included}`));
  };
  return read(config);
}

/**
 * The bus's credentials (docs/architecture.md, Security): every service connects as its own NATS user with the
 * password of its own secret, and the NATS server knows exactly the users of BUS_USERS (common), with the
 * permissions generated from it, each password read from the same secret.
 */
describe('NATS credentials', () => {
  it.each(cases)(
    "when %s is built, then each bus service connects as its own user, with its own secret's password",
    (_n, v) => {
      const objects = build(v);
      for (const user of BUS_USER_NAMES) {
        const app = containerNamed(workloadNamed(objects, user), user);
        expect([user, source(app.env, 'NATS_USER'), source(app.env, 'NATS_PASSWORD')]).toEqual([
          user,
          user,
          `secret ${natsSecretName(user)}/password`,
        ]);
      }
    },
  );

  it.each(cases)(
    'when %s is built, then the NATS server reads the generated users and permissions, each password from its secret',
    (_n, v) => {
      const objects = build(v);
      const nats = containerNamed(workloadNamed(objects, 'nats'), 'nats');
      const transport: NatsTransport = v.transport;
      const expected = kubernetesNatsConfig(transport);
      const config = natsConfigOf(objects, nats);
      if (!config.includes(expected)) {
        throw new Error(
          `the ${transport} NATS configuration is not the one BUS_USERS gives; write this to the file:\n${expected}`,
        );
      }
      const passwords = (nats.env ?? []).filter((e) => e.name.startsWith('NATS_PASSWORD_'));
      expect(passwords.map((e) => [e.name, source(nats.env, e.name)]).sort()).toEqual(
        natsUsersOf(transport)
          .map((user) => [natsPasswordVariable(user), `secret ${natsSecretName(user)}/password`])
          .sort(),
      );
    },
  );

  it('when the committed configurations are read, then each is the one BUS_USERS gives (regenerate on change)', () => {
    const files: Record<NatsTransport, string> = {
      stan: 'infra/k8s/base/nats/stan-auth.conf',
      jetstream: 'infra/k8s/components/jetstream/jetstream-auth.conf',
    };
    for (const transport of ['stan', 'jetstream'] as const) {
      expect([files[transport], readFileSync(repoPath(files[transport]), 'utf8')]).toEqual([
        files[transport],
        kubernetesNatsConfig(transport),
      ]);
    }
  });
});
