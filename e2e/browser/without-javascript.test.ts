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
    await page.goto('/auth/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid credentials').waitFor();
    await snap(page, 'signin-error');

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
});
