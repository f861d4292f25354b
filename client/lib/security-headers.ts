/**
 * The security headers of every page the client serves (`proxy.ts` sets them). Scripts run only with the
 * request's nonce (Next.js puts it on its own scripts; `'strict-dynamic'` lets those load the chunks and
 * Stripe.js they insert), no page may be framed, other sites learn at most our origin from a link, and the
 * browser features the site never uses are off.
 */

export interface SecurityHeaderOptions {
  /** Fresh and unpredictable for each request (base64). */
  nonce: string;
  /** `next dev`: React needs eval there to rebuild server error stacks, Next.js's tools inline styles. */
  isDev: boolean;
  /** A Stripe publishable key is configured, so the order page loads Stripe Elements. */
  stripe: boolean;
}

export interface SecurityHeaders {
  'Content-Security-Policy': string;
  'Referrer-Policy': string;
  'Permissions-Policy': string;
}

// Where Stripe.js comes from, frames its fields and sends card details (Stripe's integration security guide).
const STRIPE_SCRIPTS = ['https://js.stripe.com', 'https://*.js.stripe.com'];
const STRIPE_FRAMES = [...STRIPE_SCRIPTS, 'https://hooks.stripe.com'];
const STRIPE_API = ['https://api.stripe.com'];

export function contentSecurityPolicy({ nonce, isDev, stripe }: SecurityHeaderOptions): string {
  const nonceSource = `'nonce-${nonce}'`;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    [
      'script-src',
      "'self'",
      nonceSource,
      "'strict-dynamic'",
      ...(stripe ? STRIPE_SCRIPTS : []),
      ...(isDev ? ["'unsafe-eval'"] : []),
    ],
    // Next.js's development tools set style attributes; a nonce in the list would make browsers ignore
    // 'unsafe-inline', so development gets the one without the other.
    ['style-src', "'self'", ...(isDev ? ["'unsafe-inline'"] : [nonceSource])],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(stripe ? STRIPE_API : [])],
    ['frame-src', ...(stripe ? STRIPE_FRAMES : ["'none'"])],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): SecurityHeaders {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    // Full URLs (order and ticket ids, search words) stay on the site; other sites see only the origin.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), payment=()',
  };
}

/** 128 random bits, base64: what a CSP nonce should carry. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
