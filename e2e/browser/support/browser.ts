import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PlatformOptions } from '@ticketing/tools';
import { startWebPlatform, type WebPlatform } from './platform';
import { watchSecurity } from './security';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Debian's Chromium, headless; a browser is never downloaded. */
function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a test ends by checking there were none. */
  pageErrors: string[];
  /**
   * CSP violations in its pages and pages of the site served without the security headers: the harness fails
   * the test if any are left here when it ends (a test that provokes one on purpose takes it out).
   */
  securityProblems: string[];
}

export interface BrowserHarness {
  /** A fresh visitor of the platform: own cookies, desktop-sized window. */
  visitor(options?: { javaScript?: boolean }): Promise<Visitor>;
}

/**
 * Starts the platform and Chromium before the file's tests and stops both after them. Each visitor is a
 * separate browser context, i.e. a separate person. A test fails if any of its visitors' pages reported a CSP
 * violation or a page of the site came without the security headers (support/security.ts).
 */
export function browserHarness(options: Pick<PlatformOptions, 'serviceEnv'> = {}): BrowserHarness {
  let platform: WebPlatform | undefined;
  let browser: Browser | undefined;
  let visitors: Visitor[] = [];

  beforeAll(async () => {
    platform = await startWebPlatform(options);
    browser = await launchBrowser();
  });

  afterEach(() => {
    const problems = visitors.flatMap((visitor) => visitor.securityProblems);
    visitors = [];
    if (problems.length > 0)
      throw new Error(`security problems in the pages visited:\n${problems.join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  return {
    async visitor({ javaScript = true } = {}) {
      if (!platform || !browser) throw new Error('the harness has not started');
      const context = await browser.newContext({
        baseURL: platform.url,
        viewport: VIEWPORTS.desktop,
        javaScriptEnabled: javaScript,
      });
      context.setDefaultTimeout(20_000);
      const security = await watchSecurity(context, platform.url);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const visitor = { context, page, pageErrors, securityProblems: security.problems };
      visitors.push(visitor);
      return visitor;
    },
  };
}
