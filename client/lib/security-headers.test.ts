import { contentSecurityPolicy, newNonce, securityHeaders } from './security-headers';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

/** The policy's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

function csp(options: { isDev?: boolean; stripe?: boolean } = {}): Map<string, string[]> {
  return directives(contentSecurityPolicy({ nonce: NONCE, isDev: false, stripe: false, ...options }));
}

describe('the content security policy', () => {
  it('when built for production, then scripts need the nonce and nothing inline or evaluated runs', () => {
    const scripts = csp().get('script-src');
    expect(scripts).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(csp().get('style-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
  });

  it('then no site may frame a page, plugins are off and forms post only to the site', () => {
    const policy = csp();
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('when no Stripe key is configured, then no Stripe origin is allowed and nothing may be framed', () => {
    const policy = contentSecurityPolicy({ nonce: NONCE, isDev: false, stripe: false });
    expect(policy).not.toContain('stripe');
    expect(csp().get('frame-src')).toEqual(["'none'"]);
    expect(csp().get('connect-src')).toEqual(["'self'"]);
  });

  it("when a Stripe key is configured, then Stripe.js may load, frame its fields and call Stripe's API", () => {
    const policy = csp({ stripe: true });
    expect(policy.get('script-src')).toEqual(expect.arrayContaining(['https://js.stripe.com']));
    expect(policy.get('frame-src')).toEqual(
      expect.arrayContaining(['https://js.stripe.com', 'https://hooks.stripe.com']),
    );
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("when in development, then scripts may also use eval (React's error stacks), and only then", () => {
    expect(csp({ isDev: true }).get('script-src')).toContain("'unsafe-eval'");
    expect(csp({ isDev: false }).get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp({ isDev: true, stripe: true }).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it("when in development, then styles may be inline (Next.js's tools set style attributes), and only then", () => {
    expect(csp({ isDev: true }).get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp({ isDev: false }).get('style-src')).not.toContain("'unsafe-inline'");
  });

  it('then each directive appears once, separated by semicolons', () => {
    const policy = contentSecurityPolicy({ nonce: NONCE, isDev: true, stripe: true });
    const names = policy.split('; ').map((directive) => directive.split(' ')[0]);
    expect(new Set(names).size).toBe(names.length);
    expect(policy).not.toMatch(/\s{2,}|;$|\n/);
  });
});

describe('the security headers', () => {
  it('then they carry the policy, a referrer policy that sends other sites only the origin, and no camera, microphone, location or payment features', () => {
    const headers = securityHeaders({ nonce: NONCE, isDev: false, stripe: false });
    expect(headers['Content-Security-Policy']).toBe(
      contentSecurityPolicy({ nonce: NONCE, isDev: false, stripe: false }),
    );
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    const features = headers['Permissions-Policy'].split(', ');
    expect(features).toEqual(
      expect.arrayContaining(['camera=()', 'microphone=()', 'geolocation=()', 'payment=()']),
    );
  });
});

describe('newNonce', () => {
  it('then each nonce is 128 random bits in base64, never the same twice', () => {
    const nonces = Array.from({ length: 100 }, () => newNonce());
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(nonces.every((nonce) => /^[A-Za-z0-9+/]{22}==$/.test(nonce))).toBe(true);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
