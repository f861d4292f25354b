/**
 * Stands in for the site's own origin when a return path is resolved. Any fixed origin does: only whether the
 * result stays on it matters, and `.invalid` can never be a real host.
 */
const OWN_ORIGIN = 'http://ticketing.invalid';

/** The path, query and fragment of `value` resolved against this site, or null if it leaves the site. */
function onThisSite(value: string): string | null {
  let url: URL;
  try {
    // The WHATWG parser is what the browser applies to a Location header or location.assign(): it strips
    // tabs and newlines, reads `\` as `/`, and resolves dot segments, so whatever it decides, the browser does.
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== OWN_ORIGIN) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * A same-site path to return to after signing in; anything else (another origin, a protocol-relative URL,
 * however disguised) gives the home page. The answer is the parsed form, percent-encoded by the parser.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  const path = onThisSite(value);
  // Resolving dot segments can itself produce `//host` (`/.//evil.example`), so the answer must survive a
  // second resolution unchanged to be used as a Location.
  if (path === null || onThisSite(path) !== path) return '/';
  return path;
}

export function signInPath(returnTo: string): string {
  return `/auth/signin?next=${encodeURIComponent(returnTo)}`;
}
