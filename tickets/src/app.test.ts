import request from 'supertest';
import { harness, type Harness } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});

describe('tickets app', () => {
  it('when the database and bus are up, then /healthz and /readyz say so', async () => {
    await request(h.app).get('/healthz').expect(200, { status: 'ok' });
    const res = await request(h.app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: true }, dependencies: { bus: true } });
  });

  it('when the bus is disconnected, then the service stays ready (the outbox keeps events) and reports the bus', async () => {
    await h.bus.close();
    const res = await request(h.app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: true }, dependencies: { bus: false } });
  });

  it('when the route is unknown, then 404 in the common error shape', async () => {
    const res = await request(h.app).delete('/api/tickets').expect(404);
    expect(res.body).toEqual({ errors: [{ message: 'Route not found' }] });
  });
});
