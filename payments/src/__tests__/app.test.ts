import request from 'supertest';
import { startService } from '../test/harness';

describe('health', () => {
  it('when the database and bus are up, then /readyz says ready and /healthz ok', async () => {
    const { app } = await startService();
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: true }, dependencies: { bus: true } });
  });

  it('when the bus is down, then /readyz stays 200 (payments do not need it) and reports it', async () => {
    const { app, bus } = await startService();
    await bus.close();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.dependencies).toEqual({ bus: false });
  });
});
