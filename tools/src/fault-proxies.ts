import { join } from 'node:path';
import { obtainToxiproxy } from './binaries';
import { freePort, ManagedServer } from './servers';
import { Toxiproxy } from './toxiproxy';

/** What a service reaches through a proxy: its database, its broker, its Redis. */
export type ProxiedDependency = 'mongodb' | 'nats' | 'redis';

/**
 * A Toxiproxy server with one proxy per service and dependency (`orders-mongodb`, `expiration-redis`), so a
 * fault can cut one service's database alone, or every service's broker at once.
 */
export class FaultProxies {
  /** Proxy names by service, then dependency. */
  readonly routes = new Map<string, Map<ProxiedDependency, string>>();

  private constructor(
    readonly server: ManagedServer,
    readonly toxiproxy: Toxiproxy,
  ) {}

  static async start(logDir: string): Promise<FaultProxies> {
    const port = await freePort();
    const server = new ManagedServer({
      name: 'toxiproxy-server',
      command: obtainToxiproxy(),
      args: ['-host', '127.0.0.1', '-port', String(port)],
      port,
      logFile: join(logDir, 'toxiproxy.log'),
    });
    await server.start();
    return new FaultProxies(server, new Toxiproxy(`http://127.0.0.1:${port}`));
  }

  /** Puts a proxy between `service` and the server at `url`; returns the same URL pointing at the proxy. */
  async route(service: string, dependency: ProxiedDependency, url: string): Promise<string> {
    const target = new URL(url);
    const port = await freePort();
    const name = `${service}-${dependency}`;
    await this.toxiproxy.createProxy(name, `127.0.0.1:${port}`, `${target.hostname}:${target.port}`);
    const byDependency = this.routes.get(service) ?? new Map<ProxiedDependency, string>();
    byDependency.set(dependency, name);
    this.routes.set(service, byDependency);
    target.host = `127.0.0.1:${port}`;
    // URL keeps a trailing slash on a bare origin; the services append `/<database>` themselves.
    return target.toString().replace(/\/$/, '');
  }

  /** The proxy names for a dependency, of the services given (all by default). */
  proxiesOf(dependency: ProxiedDependency, services?: readonly string[]): string[] {
    return [...this.routes.entries()]
      .filter(([service]) => !services || services.includes(service))
      .flatMap(([, byDependency]) => {
        const name = byDependency.get(dependency);
        return name ? [name] : [];
      });
  }

  allProxies(): string[] {
    return [...this.routes.values()].flatMap((byDependency) => [...byDependency.values()]);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
