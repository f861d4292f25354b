import { clientHarness } from './support/client-server';

const client = clientHarness();

describe('the client health endpoints', () => {
  it('when /healthz is asked, then the live process answers 200 ok, never cached', async () => {
    const response = await client.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toContain('no-store');
  });

  it('when /readyz is asked and the client is configured, then it answers 200 ok', async () => {
    const response = await client.get('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toContain('no-store');
  });

  it('when every service is briefly down, then the client stays live and ready', async () => {
    client.services.down = true;
    expect((await client.get('/readyz')).status).toBe(200);
    expect((await client.get('/healthz')).status).toBe(200);
  });

  it('when the probes are sent the query and method a probe would not use, then they still answer', async () => {
    expect((await client.get('/healthz?x=1')).status).toBe(200);
    expect((await fetch(`${client.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
  });
});
