import { clientHarness } from './support/client-server';

const client = clientHarness();

describe('the client metrics', () => {
  it('when the metrics port is scraped, then it answers the process metrics with the client label', async () => {
    const response = await fetch(client.metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="client"\} \d+/m);
    expect(text).toContain('# TYPE ticketing_client_request_errors_total counter');
  });

  it('when /metrics is asked on the public port, then it is not there', async () => {
    const response = await client.get('/metrics');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('process_resident_memory_bytes');
  });

  it('when anything but GET /metrics reaches the metrics port, then it is a 404', async () => {
    const other = new URL('/other', client.metricsUrl);
    expect((await fetch(other)).status).toBe(404);
    expect((await fetch(client.metricsUrl, { method: 'POST' })).status).toBe(404);
  });

  it('when a page fails to render, then the error is counted under its route template', async () => {
    const homeErrors = async () => {
      const text = await (await fetch(client.metricsUrl)).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('ticketing_client_request_errors_total{') && l.includes('route="/"'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await homeErrors();
    client.services.down = true;

    await client.get('/');

    expect(await homeErrors()).toBeGreaterThan(before);
  });
});
