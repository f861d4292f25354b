import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type Platform } from '@ticketing/tools';
import { buy, payWithCard } from './support/platform';
import { eventually, Visitor, type OrderJson, type TicketJson } from './support/api';

// npm start restarts a part that dies, as Kubernetes would; one platform, one transport keeps it cheap.
describe('a part of the platform killed from outside, as npm start runs it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-supervision-'));
  const lines: string[] = [];
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({
      port: 0,
      eventBus: 'stan',
      expirationWindowSeconds: 900,
      dir,
      ports: 'free',
      withClient: false,
      logLevel: 'warn',
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** SIGKILL from outside the platform (not its stop()), then waits for the platform's word that it is back. */
  async function killAndAwaitRestart(name: string, part: { readonly pid?: number }): Promise<string> {
    const pid = part.pid!;
    const seen = lines.length;
    process.kill(pid, 'SIGKILL');
    const said = await eventually(async () => {
      const news = lines.slice(seen);
      if (!news.some((line) => line.startsWith(`${name} restarted (pid `)))
        throw new Error(`${name} not restarted yet; said: ${JSON.stringify(news)}`);
      return news;
    });
    expect(part.pid).not.toBe(pid);
    expect(said).toContain(`${name} restarted (pid ${part.pid})`);
    return said.find((line) => line.startsWith(`${name} exited`))!;
  }

  it('when orders is killed -9, then it comes back by itself and an order goes through it to completion', async () => {
    expect(await killAndAwaitRestart('orders', platform.services.orders)).toBe(
      'orders exited (signal SIGKILL); restarting in 1 s (restart 1)',
    );
    const seller = await new Visitor(platform.url).signUp('seller');
    const listed = await seller.call<TicketJson>('POST', '/api/tickets', {
      title: 'After a crash',
      price: 12,
    });
    const buyer = await new Visitor(platform.url).signUp('buyer');
    const order = await buy(buyer, listed.body.id);
    await payWithCard(buyer, order.id);
    await eventually(async () => {
      const { body } = await buyer.call<OrderJson>('GET', `/api/orders/${order.id}`);
      if (body.status !== 'completed') throw new Error(`order is ${body.status}`);
    });
  });

  it('when payments keeps dying, then each restart waits twice as long as the one before', async () => {
    const said: string[] = [];
    for (let i = 0; i < 3; i += 1)
      said.push(await killAndAwaitRestart('payments', platform.services.payments));
    expect(said).toEqual([
      'payments exited (signal SIGKILL); restarting in 1 s (restart 1)',
      'payments exited (signal SIGKILL); restarting in 2 s (restart 2)',
      'payments exited (signal SIGKILL); restarting in 4 s (restart 3)',
    ]);
  });

  it('when a server the platform started (Redis) is killed -9, then it comes back by itself', async () => {
    const redis = platform.dependencies.find((dep) => dep.name === 'redis')!.server!;
    expect(await killAndAwaitRestart('redis', redis)).toBe(
      'redis exited (signal SIGKILL); restarting in 1 s (restart 1)',
    );
  });
});
