import { documentedApiRoutes, mountedApiRoutes } from '@ticketing/common/testing';
import { startService } from './test/harness';

describe('the API contract', () => {
  it('when the app is built with a webhook secret, then it answers exactly the operations the document gives payments', async () => {
    const { app } = await startService({ stripeWebhookSecret: 'whsec_test' });
    expect(mountedApiRoutes(app)).toEqual(documentedApiRoutes('payments'));
  });

  it('when the app is built without one, then the webhook is there too (it answers 404, as the document says)', async () => {
    const { app } = await startService();
    expect(mountedApiRoutes(app)).toEqual(documentedApiRoutes('payments'));
  });
});
