import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { timeApiCall } from './api-call-timing';
import { apiPath } from './api-path';
import { declareClientMetrics } from './metric-definitions';

const ORDER_ID = '65a1f0c2e4b0a1b2c3d4e5f6';

function setup() {
  const registry = new Registry();
  const { apiCallDuration } = declareClientMetrics(registry);
  const counts = async () =>
    (await registry.getSingleMetricAsString('ticketing_client_api_request_duration_seconds'))
      .split('\n')
      .filter((line) => line.startsWith('ticketing_client_api_request_duration_seconds_count'));
  return { registry, apiCallDuration, counts };
}

/** A server that answers 404 to every request, or never answers when `silent`. */
async function startServer(silent = false): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (!silent) res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[]}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const stop = (server: Server) => {
  server.closeAllConnections();
  return new Promise((done) => server.close(done));
};

const target = { upstream: 'orders', method: 'GET', route: '/api/orders/:id' } as const;
const get =
  (url: string, timeoutMs = 5000) =>
  async () => {
    const response = await fetch(`${url}${apiPath('/api/orders/:id', { id: ORDER_ID })}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.text();
    return response;
  };

describe('timeApiCall', () => {
  it('when the service answers, then the call is observed under the route template and its status, never the id', async () => {
    const { registry, apiCallDuration, counts } = setup();
    const { url, server } = await startServer();
    try {
      const response = await timeApiCall(apiCallDuration, target, get(url));
      expect(response.status).toBe(404);
    } finally {
      await stop(server);
    }

    expect(await counts()).toEqual([
      'ticketing_client_api_request_duration_seconds_count{upstream="orders",method="GET",route="/api/orders/:id",status="404"} 1',
    ]);
    expect(await registry.metrics()).not.toContain(ORDER_ID);
  });

  it('when nothing listens, then the call is observed with status error and its error goes on', async () => {
    const { apiCallDuration, counts } = setup();
    const { url, server } = await startServer();
    await stop(server);

    await expect(timeApiCall(apiCallDuration, target, get(url))).rejects.toThrow(/fetch failed/);

    expect(await counts()).toEqual([
      'ticketing_client_api_request_duration_seconds_count{upstream="orders",method="GET",route="/api/orders/:id",status="error"} 1',
    ]);
  });

  it('when the service does not answer in time, then the call is observed with status timeout', async () => {
    const { apiCallDuration, counts } = setup();
    const { url, server } = await startServer(true);
    try {
      await expect(timeApiCall(apiCallDuration, target, get(url, 50))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      await stop(server);
    }

    expect(await counts()).toEqual([
      'ticketing_client_api_request_duration_seconds_count{upstream="orders",method="GET",route="/api/orders/:id",status="timeout"} 1',
    ]);
  });
});
