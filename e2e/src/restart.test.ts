import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSessionKeys, startPlatform, type Platform, type PlatformOptions } from '@ticketing/tools';
import { buy, payWithCard } from './support/platform';
import { eventually, Visitor, type OrderJson, type TicketJson } from './support/api';

const PASSWORD = 'correct horse battery';

// npm start keeps its data: the database in an H2 file (the stand-in) or mongod's files, the brokers' file stores.
describe('a platform stopped and started again on its data, as npm start does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-restart-'));
  const options: PlatformOptions = {
    port: 0,
    eventBus: 'stan',
    expirationWindowSeconds: 900,
    dir,
    ports: 'free',
    persistentData: true,
    // The same keys on both starts, as npm start given the JWT_* variables.
    sessionKeys: newSessionKeys(),
    withClient: false,
    logLevel: 'warn',
    log: () => undefined,
  };
  let platform: Platform | undefined;
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when it comes back, then accounts, tickets and completed orders are still there', async () => {
    platform = await startPlatform(options);
    const seller = await new Visitor(platform.url).signUp('seller');
    const listed = await seller.call<TicketJson>('POST', '/api/tickets', {
      title: 'Kept across restarts',
      price: 40,
    });
    const buyer = await new Visitor(platform.url).signUp('buyer');
    const order = await buy(buyer, listed.body.id);
    await payWithCard(buyer, order.id);
    await eventually(async () => {
      const { body } = await seller.call<TicketJson>('GET', `/api/tickets/${listed.body.id}`);
      if (!body.sold) throw new Error('not sold yet');
    });
    await platform.stop();

    platform = await startPlatform(options);
    for (const who of [seller, buyer]) {
      const again = new Visitor(platform.url);
      const signIn = await again.call('POST', '/api/users/signin', { email: who.email, password: PASSWORD });
      expect(signIn).toMatchObject({ status: 200, body: { id: who.id, email: who.email } });
    }
    const ticket = await new Visitor(platform.url).call<TicketJson>('GET', `/api/tickets/${listed.body.id}`);
    expect(ticket.body).toMatchObject({
      title: 'Kept across restarts',
      price: 40,
      sold: true,
      orderId: order.id,
    });
    const buyerAgain = new Visitor(platform.url);
    await buyerAgain.call('POST', '/api/users/signin', { email: buyer.email, password: PASSWORD });
    const history = await buyerAgain.call<OrderJson[]>('GET', '/api/orders');
    expect(history.body).toEqual([expect.objectContaining({ id: order.id, status: 'completed' })]);
  });
});
