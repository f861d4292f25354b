/** The `cursor` parameter of the `rel="next"` target in a Link header, or null when there is no next page. */
export function nextCursorFrom(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1] !== undefined) {
      const target = new URL(match[1], 'http://link.invalid');
      return target.searchParams.get('cursor');
    }
  }
  return null;
}
