import { documentedApiRoutes, mountedApiRoutes } from '@ticketing/common/testing';
import { startService } from './test/harness';

describe('the API contract', () => {
  it('when the app is built with a webhook secret, then it answers exactly the operations the document gives payments', async () => {
    const { app } = await startService({ stripeWebhookSecret: 'whsec_test' });
    expect(mountedApiRoutes(app)).toEqual(documentedApiRoutes('payments'));
  });

  it('when the app is built without one, then only the webhook is missing (the document says it is then a 404)', async () => {
    const { app } = await startService();
    expect(mountedApiRoutes(app)).toEqual(
      documentedApiRoutes('payments').filter((route) => route !== 'POST /api/payments/webhook'),
    );
  });
});
