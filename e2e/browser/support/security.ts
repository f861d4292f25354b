import type { BrowserContext } from 'playwright-core';

// Runs in every frame before its own scripts: hands each violation the page sees to the test.
const REPORT_VIOLATIONS = `
document.addEventListener('securitypolicyviolation', (event) => {
  window.__ticketingCspViolation(
    event.effectiveDirective + ' refused ' + (event.blockedURI || 'an inline resource') + ' on ' + event.documentURI,
  );
});`;

/** The nonce of a policy's script-src (`'nonce-<value>'`), if it has one. */
export function scriptNonce(policy: string | undefined): string | undefined {
  return /(?:^|;)\s*script-src\s[^;]*'nonce-([^']+)'/.exec(policy ?? '')?.[1];
}

/** What a page of the site lacks of its security headers (header names lower-case); empty when none. */
export function securityHeaderProblems(headers: Record<string, string>): string[] {
  const policy = headers['content-security-policy'];
  const problems: string[] = [];
  if (!scriptNonce(policy)) problems.push(`no Content-Security-Policy with a script nonce (${policy})`);
  if (!/(?:^|;)\s*frame-ancestors 'none'\s*(?:;|$)/.test(policy ?? ''))
    problems.push("no frame-ancestors 'none'");
  if (/(?:^|;)\s*script-src\s[^;]*'unsafe-inline'/.test(policy ?? ''))
    problems.push("script-src 'unsafe-inline'");
  if (!headers['referrer-policy']) problems.push('no Referrer-Policy');
  if (!headers['permissions-policy']) problems.push('no Permissions-Policy');
  return problems;
}

export interface SecurityWatch {
  /** Every CSP violation reported in the context's pages, and every page of the site served without the headers. */
  readonly problems: string[];
}

/**
 * Watches a browser context: CSP violations, as reported to the page (`securitypolicyviolation`) and as
 * Chromium logs them to the console (which it does with JavaScript off too), and the security headers of every
 * document the site serves.
 */
export async function watchSecurity(context: BrowserContext, siteUrl: string): Promise<SecurityWatch> {
  const problems: string[] = [];
  const site = new URL(siteUrl).origin;
  await context.exposeBinding('__ticketingCspViolation', (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript({ content: REPORT_VIOLATIONS });
  context.on('console', (message) => {
    if (/content security policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  context.on('response', (response) => {
    const request = response.request();
    if (!request.isNavigationRequest() || new URL(response.url()).origin !== site) return;
    for (const problem of securityHeaderProblems(response.headers()))
      problems.push(`${request.method()} ${response.url()} (${response.status()}): ${problem}`);
  });
  return { problems };
}
