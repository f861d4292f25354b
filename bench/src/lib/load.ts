// autocannon is a CommonJS `export =` function and @swc-node/register has no esModuleInterop.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import autocannon = require('autocannon');

export interface LoadOptions {
  url: string;
  /** Paths requested in turn, e.g. one ticket after another. */
  paths: string[];
  connections?: number;
  durationSeconds?: number;
  method?: 'GET' | 'POST';
  /** Bodies sent in turn with the paths (POST). */
  bodies?: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  connections: number;
}

/** Keeps `connections` requests in flight for the duration (autocannon); every request is timed. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 64;
  let turn = 0;
  const result = await autocannon({
    url: options.url,
    connections,
    duration: options.durationSeconds ?? 10,
    // Longer than autocannon's 10 s: a request it gives up on is still served, and is sent again on top.
    timeout: 30,
    method: options.method ?? 'GET',
    headers: options.headers,
    requests: [
      {
        setupRequest: (request) => {
          const index = turn;
          turn += 1;
          const body = options.bodies?.[index % options.bodies.length];
          return {
            ...request,
            path: options.paths[index % options.paths.length],
            ...(body === undefined ? {} : { body }),
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
    connections,
  };
}
