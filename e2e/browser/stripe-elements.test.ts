import type { BrowserContext } from 'playwright-core';
import { eventually } from '../src/support/api';
import { browserHarness } from './support/browser';
import { buy, listTicketByApi, signUpByApi, uniqueEmail } from './support/flows';

// With a publishable key the order page takes cards through Stripe Elements (the platform hands the key to
// the client when it starts); the payments service stays in its sandbox, which accepts Stripe's test ids.
process.env.NEXT_PUBLIC_STRIPE_KEY = 'pk_test_browser';

const harness = browserHarness();

const CARD_FRAME = 'https://js.stripe.com/fake-card-field.html';

/**
 * Stands in for Stripe.js (this machine cannot reach Stripe) doing what the real one does that the page's
 * policy must allow: it is loaded from js.stripe.com by @stripe/stripe-js, frames the card field from
 * js.stripe.com and sends the card to api.stripe.com. The browser applies the policy before any request
 * reaches these routes.
 */
const FAKE_STRIPE_JS = `
(() => {
  function Stripe() {
    return {
      elements() {
        const created = {};
        return {
          create(type) {
            let frame = null;
            const element = {
              mount(node) {
                frame = document.createElement('iframe');
                frame.src = ${JSON.stringify(CARD_FRAME)};
                frame.title = 'Secure card payment input frame';
                node.appendChild(frame);
              },
              on() { return element; },
              off() { return element; },
              update() {},
              unmount() { frame?.remove(); },
              destroy() { frame?.remove(); },
            };
            created[type] = element;
            return element;
          },
          // React Stripe.js passes its component, which names the type, as Stripe.js accepts.
          getElement(type) { return created[type.__elementType ?? type] ?? null; },
          update() {},
        };
      },
      createToken() { return Promise.reject(new Error('not faked')); },
      confirmCardPayment() { return Promise.reject(new Error('not faked')); },
      async createPaymentMethod() {
        const response = await fetch('https://api.stripe.com/v1/payment_methods', {
          method: 'POST',
          body: new URLSearchParams({ type: 'card' }),
        });
        return { paymentMethod: await response.json() };
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();`;

async function fakeStripe(context: BrowserContext): Promise<void> {
  await context.route('https://js.stripe.com/**', (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname.endsWith('/stripe.js'))
      return route.fulfill({ contentType: 'text/javascript', body: FAKE_STRIPE_JS });
    if (pathname === new URL(CARD_FRAME).pathname)
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><label>Card number <input autocomplete="cc-number"></label>',
      });
    return route.fulfill({ status: 404 });
  });
  await context.route('https://api.stripe.com/v1/payment_methods', (route) =>
    route.fulfill({
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify({ id: 'pm_card_visa', object: 'payment_method' }),
    }),
  );
}

describe('Stripe Elements under the content security policy', () => {
  it('when a Stripe key is configured, then the order page loads Stripe.js, shows its card frame and pays through its API without a CSP violation', async () => {
    const seller = await harness.visitor();
    const buyer = await harness.visitor();
    await fakeStripe(buyer.context);
    await signUpByApi(seller.context, uniqueEmail('seller'));
    await signUpByApi(buyer.context, uniqueEmail('buyer'));
    const ticketId = await listTicketByApi(seller.context, `Stripe Elements test ${Date.now()}`, 25);

    await eventually(() => buy(buyer.page, ticketId));
    const field = buyer.page
      .frameLocator('iframe[title="Secure card payment input frame"]')
      .getByLabel('Card number');
    await field.waitFor();
    await buyer.page.getByRole('button', { name: /^Pay \$/ }).click();
    await buyer.page.getByText('Payment received').waitFor();

    expect(buyer.pageErrors).toEqual([]);
    await Promise.all([seller.context.close(), buyer.context.close()]);
  }, 90_000);
});
