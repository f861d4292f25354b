/**
 * A typed client of Toxiproxy's HTTP API (v2.5.0), a few calls over fetch: all the fault suites need, without the
 * loosely typed npm client.
 */

/** The toxics the fault suites use and their attributes (times in milliseconds). */
export interface ToxicAttributes {
  /** Delays every chunk by `latency` ± `jitter`. */
  latency: { latency: number; jitter?: number };
  /** Resets the connection (TCP RST) `timeout` ms after the first data; 0 at once. */
  reset_peer: { timeout: number };
  /** Passes no data and closes the connection after `timeout` ms; 0 holds it open forever (a black hole). */
  timeout: { timeout: number };
}

export type ToxicType = keyof ToxicAttributes;

export interface Toxic<T extends ToxicType = ToxicType> {
  name: string;
  type: T;
  /** Data from the client to the server, or back. */
  stream: 'upstream' | 'downstream';
  /** The share of connections it applies to, 0..1. */
  toxicity?: number;
  attributes: ToxicAttributes[T];
}

export interface Proxy {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export class ToxiproxyError extends Error {}

export class Toxiproxy {
  constructor(readonly apiUrl: string) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new ToxiproxyError(`${method} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as T) : undefined;
  }

  async createProxy(name: string, listen: string, upstream: string): Promise<Proxy> {
    const proxy = await this.request<Proxy>('POST', '/proxies', { name, listen, upstream, enabled: true });
    if (!proxy) throw new ToxiproxyError(`creating proxy ${name} returned nothing`);
    return proxy;
  }

  /** A disabled proxy closes its connections and refuses new ones (a cut); enabled, it passes again. */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    await this.request('POST', `/proxies/${encodeURIComponent(name)}`, { enabled });
  }

  async addToxic<T extends ToxicType>(proxy: string, toxic: Toxic<T>): Promise<void> {
    await this.request('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, {
      toxicity: 1,
      ...toxic,
    });
  }

  async removeToxic(proxy: string, toxic: string): Promise<void> {
    await this.request('DELETE', `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
  }

  /** Every proxy enabled again and every toxic removed. */
  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  async proxies(): Promise<Record<string, Proxy>> {
    return (await this.request<Record<string, Proxy>>('GET', '/proxies')) ?? {};
  }
}
