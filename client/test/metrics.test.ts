import { clientHarness } from './support/client-server';

const client = clientHarness();

const scrape = async () => (await fetch(client.metricsUrl)).text();

/** The value of the sample `name{...}` whose labels include all of `labels`, 0 when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([label, value]) => l.includes(`${label}="${value}"`)),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

/** The scrape once `done` holds for it: Next.js ends its request span just after the response is sent. */
async function scrapeWhen(done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = await scrape();
    if (done(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const REQUESTS = 'ticketing_http_request_duration_seconds_count';
const API_CALLS = 'ticketing_client_api_request_duration_seconds_count';

describe('the client metrics', () => {
  it('when the metrics port is scraped, then it answers the process metrics with the client label', async () => {
    const response = await fetch(client.metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="client"\} \d+/m);
    expect(text).toContain('# TYPE ticketing_client_request_errors_total counter');
    expect(text).toContain('# TYPE ticketing_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE ticketing_client_api_request_duration_seconds histogram');
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

  it('when a ticket page is rendered, then it and its call to tickets are timed under their route templates, never the id', async () => {
    const id = '65a1f0c2e4b0a1b2c3d4e5f6';
    const page = { method: 'GET', route: '/tickets/[id]', status: '200' };
    const call = { upstream: 'tickets', method: 'GET', route: '/api/tickets/:id', status: '404' };
    const before = await scrape();

    expect((await client.get(`/tickets/${id}`)).status).toBe(200);

    const text = await scrapeWhen((t) => sample(t, REQUESTS, page) > sample(before, REQUESTS, page));
    expect(sample(text, REQUESTS, page)).toBeGreaterThan(sample(before, REQUESTS, page));
    expect(sample(text, API_CALLS, call)).toBeGreaterThan(sample(before, API_CALLS, call));
    expect(text).not.toContain(id);
  });

  it('when the services are down, then the calls are timed with the status they answered', async () => {
    const call = { upstream: 'auth', route: '/api/users/currentuser', status: '503' };
    const before = sample(await scrape(), API_CALLS, call);
    client.services.down = true;

    await client.get('/');

    expect(sample(await scrape(), API_CALLS, call)).toBeGreaterThan(before);
  });

  it('when the probes are asked, then they are not timed, as the services leave theirs out', async () => {
    const home = { method: 'GET', route: '/', status: '200' };
    const before = sample(await scrape(), REQUESTS, home);

    await client.get('/healthz');
    await client.get('/readyz');
    await client.get('/');

    // The home page was timed after the probes ended.
    const text = await scrapeWhen((t) => sample(t, REQUESTS, home) > before);
    expect(sample(text, REQUESTS, home)).toBeGreaterThan(before);
    expect(text).not.toMatch(
      /^ticketing_http_request_duration_seconds_count\{[^}]*route="\/(healthz|readyz)"/m,
    );
  });
});
