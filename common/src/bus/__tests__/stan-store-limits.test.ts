import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stanServer, type ManagedServer } from '@ticketing/tools';
import { subjects } from '../../events/contracts';

const MiB = 1024 * 1024;
const DAY_NS = 24 * 3_600 * 1e9;

// The limits as the real server reports them on its monitoring port, started as the platform and tests start it.
describe('NATS Streaming store limits', () => {
  let dir: string;
  let server: ManagedServer;
  let monitorPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stan-limits-'));
    monitorPort = await freePort();
    server = stanServer(await freePort(), join(dir, 'data'), join(dir, 'broker.log'), { monitorPort });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the server runs, then every channel is bounded in bytes and age, and the channels in number', async () => {
    const response = await fetch(`http://127.0.0.1:${monitorPort}/streaming/storez`);
    const { limits } = (await response.json()) as { limits: Record<string, number> };
    expect(limits).toMatchObject({ max_channels: 32, max_bytes: 20 * MiB, max_age: 30 * DAY_NS });
    // Each subject has three channels: its events, its dead letters and their replay records.
    expect(3 * subjects.length).toBeLessThanOrEqual(limits.max_channels ?? 0);
  });
});
