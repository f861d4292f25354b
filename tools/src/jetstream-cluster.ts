import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamServer, newNatsPassword, type NatsPasswords } from './dependencies';
import { freePort, type ManagedServer } from './servers';

/** One server of a JetStream cluster: its client port, its route and monitoring ports and its own store. */
export interface ClusterMember {
  name: string;
  port: number;
  routePort: number;
  monitorPort: number;
  url: string;
  server: ManagedServer;
}

export interface JetStreamClusterOptions {
  /** Where each member keeps its store, configuration and log (`<dir>/<name>/`). */
  dir: string;
  /** Servers in the cluster (3 unless told). */
  size?: number;
  /** The users the servers know, as the single server gets them (none: anyone may do anything). */
  passwords?: NatsPasswords;
}

/** The user the members' routes authenticate as; its password is new for each cluster. */
export const ROUTE_USER = 'route';

/**
 * The part of a member's configuration that makes it one of the cluster: its name (JetStream's peers are named
 * servers), its route port, the routes' own user, and a route to every other member. A route listed here is
 * dialled with the credentials in its URL only (the cluster block's user is what this member asks of others).
 */
export function clusterConfig(
  name: string,
  ports: { route: number; monitor: number },
  routePorts: number[],
  routePassword: string,
): string {
  const routes = routePorts
    .filter((p) => p !== ports.route)
    .map((p) => `    "nats-route://${ROUTE_USER}:${routePassword}@127.0.0.1:${p}"`);
  return (
    `server_name: ${JSON.stringify(name)}\n` +
    `http: "127.0.0.1:${ports.monitor}"\n` +
    'cluster {\n' +
    '  name: "ticketing"\n' +
    `  listen: "127.0.0.1:${ports.route}"\n` +
    `  authorization { user: ${JSON.stringify(ROUTE_USER)}, password: ${JSON.stringify(routePassword)} }\n` +
    `  routes: [\n${routes.join('\n')}\n  ]\n` +
    '}\n'
  );
}

/**
 * A JetStream cluster of real nats-server processes on free ports of this machine, for tests: each member can be
 * killed (SIGKILL, as a node dies) and started again on the same ports with the same store.
 */
export class JetStreamCluster {
  private constructor(readonly members: ClusterMember[]) {}

  static async start(options: JetStreamClusterOptions): Promise<JetStreamCluster> {
    const size = options.size ?? 3;
    const ports = await distinctFreePorts(size * 3);
    const routePorts = ports.slice(size, size * 2);
    const monitorPorts = ports.slice(size * 2);
    const routePassword = newNatsPassword();
    const members = Array.from({ length: size }, (_, i): ClusterMember => {
      const name = `nats-${i}`;
      const dir = join(options.dir, name);
      mkdirSync(dir, { recursive: true });
      const configFile = join(dir, 'cluster.conf');
      const own = { route: routePorts[i]!, monitor: monitorPorts[i]! };
      writeFileSync(configFile, clusterConfig(name, own, routePorts, routePassword), { mode: 0o600 });
      const port = ports[i]!;
      const server = jetstreamServer(port, join(dir, 'store'), join(dir, 'server.log'), {
        configFile,
        passwords: options.passwords,
      });
      return {
        name,
        port,
        routePort: own.route,
        monitorPort: own.monitor,
        url: `nats://127.0.0.1:${port}`,
        server,
      };
    });
    const cluster = new JetStreamCluster(members);
    try {
      await Promise.all(members.map((m) => m.server.start()));
      await Promise.all(members.map((m) => cluster.healthy(m.name)));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** Every member's URL, comma-separated, as NATS_URL names a cluster. */
  get url(): string {
    return this.members.map((m) => m.url).join(',');
  }

  member(name: string): ClusterMember {
    const found = this.members.find((m) => m.name === name);
    if (!found) throw new Error(`no cluster member ${name}`);
    return found;
  }

  /** SIGKILL: the member stops at once, nothing flushed, as when its node dies. */
  kill(name: string): Promise<void> {
    return this.member(name).server.stop('SIGKILL');
  }

  /**
   * Starts a killed or stopped member again, on its ports, with its store, and waits until it is healthy: back in
   * the cluster and current with every stream and consumer it holds a copy of.
   */
  async restart(name: string): Promise<void> {
    await this.member(name).server.start();
    await this.healthy(name);
  }

  /**
   * Waits until the member's /healthz answers 200: JetStream on, in contact with the cluster's meta leader, and
   * each stream and consumer it holds a copy of current.
   */
  async healthy(name: string, timeoutMs = 60_000): Promise<void> {
    const { monitorPort } = this.member(name);
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${monitorPort}/healthz`);
        if (response.ok) return;
        last = await response.text();
      } catch (err) {
        last = (err as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`cluster member ${name} not healthy within ${timeoutMs} ms: ${last}`);
  }

  /** The members a client connection named `connectionName` is open to now (from each live member's /connz). */
  async serving(connectionName: string): Promise<string[]> {
    const found: string[] = [];
    for (const member of this.members) {
      try {
        const response = await fetch(`http://127.0.0.1:${member.monitorPort}/connz?limit=1024`);
        const { connections = [] } = (await response.json()) as { connections?: { name?: string }[] };
        if (connections.some((c) => c.name === connectionName)) found.push(member.name);
      } catch {
        // a member that is down serves nobody
      }
    }
    return found;
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.server.stop()));
  }
}

/** `count` ports free right now and different from one another. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
