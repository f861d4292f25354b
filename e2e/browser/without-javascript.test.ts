import { browserHarness } from './support/browser';
import { PASSWORD, signUpByApi, uniqueEmail } from './support/flows';
import { snap } from './support/screenshots';

const harness = browserHarness();

describe('the client without JavaScript', () => {
  it('when JavaScript is off, then pages still read and signing in works through plain form posts', async () => {
    const email = uniqueEmail('nojs');
    const setup = await harness.visitor();
    await signUpByApi(setup.context, email);
    await setup.context.close();

    const { context, page } = await harness.visitor({ javaScript: false });
    await page.goto('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tickets for sale');

    await page.goto('/tickets/000000000000000000000000');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Not found');
    await snap(page, 'not-found');

    await page.goto('/auth/signup');
    await snap(page, 'signup');
    // Anyone can send a link to the real sign-in page: nothing in its URL may appear on it.
    const planted = 'Account locked: call 555-0100';
    const errors = encodeURIComponent(JSON.stringify([{ message: planted }]));
    await page.goto(`/auth/signin?errors=${errors}&error=${encodeURIComponent(planted)}`);
    expect(await page.getByText('555-0100').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.goto('/auth/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid credentials').waitFor();
    // The message came from the server's flash cookie, not the URL, and is shown once.
    expect(decodeURIComponent(page.url())).not.toContain('Invalid credentials');
    await snap(page, 'signin-error');
    await page.reload();
    expect(await page.getByText('Invalid credentials').count()).toBe(0);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('/');
    expect(await page.locator('.session__email').innerText()).toContain(email);

    await page.goto('/orders');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('My orders');
    await page.goto('/auth/signout');
    await snap(page, 'signout');
    await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('/');
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);

    await page.goto('/orders');
    expect(page.url()).toContain('/auth/signin?next=%2Forders');
    await snap(page, 'signin');
    await context.close();
  }, 60_000);

  it.each([
    ['off', false],
    ['on', true],
  ])(
    'when a sign-in link asks to return to a disguised other site (JavaScript %s), then signing in stays on this site',
    async (_label, javaScript) => {
      const email = uniqueEmail('redirect');
      const setup = await harness.visitor();
      await signUpByApi(setup.context, email);
      await setup.context.close();

      const { context, page, pageErrors } = await harness.visitor({ javaScript });
      for (const next of ['/\t/evil.example', '/\\evil.example', '/.//evil.example']) {
        await context.clearCookies();
        await page.goto(`/auth/signin?next=${encodeURIComponent(next)}`);
        // With JavaScript, wait for the form to be hydrated so the JavaScript path is the one taken.
        if (javaScript) await page.waitForLoadState('networkidle');
        const site = new URL(page.url()).host;
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // A redirect to evil.example would fail to load (no such host), so waiting for / on this site is the check.
        await page.waitForURL((url) => url.host === site && url.pathname === '/');
      }
      expect(pageErrors).toEqual([]);
      await context.close();
    },
    60_000,
  );
});
