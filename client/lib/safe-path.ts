/** A same-site path to return to after signing in; anything else (absolute or protocol-relative URL) is refused. */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return '/';
  }
  return value;
}

export function signInPath(returnTo: string): string {
  return `/auth/signin?next=${encodeURIComponent(returnTo)}`;
}
