import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { workloads, type KObject, type Workload } from './lib/objects';
import { allVariants, build } from './lib/variants';

/**
 * The stores' credentials (docs/architecture.md, Security): Redis asks every client for the password of the
 * secret redis-credentials, in every build.
 */
const cases = allVariants().map((v) => [v.name, v] as const);

function workload(objects: KObject[], name: string): Workload {
  const found = workloads(objects).find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

function container(w: Workload, name: string): IContainer {
  const found = w.containers.find((c) => c.name === name);
  if (!found) throw new Error(`${w.name} has no container ${name}`);
  return found;
}

/** `secret/key` for a variable read from a secret, the literal value otherwise. */
function source(env: IEnvVar[] | undefined, name: string): string | undefined {
  const entry = env?.find((e) => e.name === name);
  const ref = entry?.valueFrom?.secretKeyRef;
  if (ref) return `secret ${ref.name}/${ref.key}${ref.optional ? ' (optional)' : ''}`;
  return entry?.value;
}

/** Kubernetes expands $(VAR) only from variables defined earlier in the list. */
function definedBefore(env: IEnvVar[] | undefined, first: string, then: string): boolean {
  const names = (env ?? []).map((e) => e.name);
  return names.includes(first) && names.indexOf(first) < names.indexOf(then);
}

describe('Redis credentials', () => {
  it.each(cases)('when %s is built, then Redis requires the password of redis-credentials', (_n, v) => {
    const redis = container(workload(build(v), 'expiration-redis'), 'redis');
    const command = redis.command ?? [];
    expect(command[0]).toBe('redis-server');
    expect(command[command.indexOf('--requirepass') + 1]).toBe('$(REDIS_PASSWORD)');
    expect(source(redis.env, 'REDIS_PASSWORD')).toBe('secret redis-credentials/password');
    // The probes' redis-cli authenticates with it.
    expect(source(redis.env, 'REDISCLI_AUTH')).toBe('secret redis-credentials/password');
    expect(command).not.toContain('--protected-mode');
  });

  it.each(cases)('when %s is built, then expiration connects with that password', (_n, v) => {
    const expiration = container(workload(build(v), 'expiration'), 'expiration');
    expect(source(expiration.env, 'REDIS_PASSWORD')).toBe('secret redis-credentials/password');
    expect(source(expiration.env, 'REDIS_URL')).toBe('redis://:$(REDIS_PASSWORD)@expiration-redis:6379');
    expect(definedBefore(expiration.env, 'REDIS_PASSWORD', 'REDIS_URL')).toBe(true);
  });
});
