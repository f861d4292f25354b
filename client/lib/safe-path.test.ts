import { safeReturnPath, signInPath } from './safe-path';

/** Where a browser goes when it follows `Location: <path>` from this site. */
function followedFrom(origin: string, path: string): string {
  return new URL(path, origin).origin;
}

const HOSTILE = [
  'https://evil.example',
  'http:evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example',
  '/\t\\evil.example',
  '/\n\\evil.example',
  '\t//evil.example',
  '\n//evil.example',
  ' //evil.example',
  '\u0000//evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/./\\evil.example',
  '/a/../..//evil.example',
  '/%2e//evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E/\\evil.example',
  '/.\t.//evil.example',
  '/\t.//evil.example',
  'https:/\\evil.example',
  'orders',
  '?next=/',
  '#top',
  '',
  undefined,
  null,
  42,
  ['/orders'],
  { toString: () => '/orders' },
];

describe('safeReturnPath', () => {
  it('when the value is a path on this site, then it is kept', () => {
    expect(safeReturnPath('/orders/abc?x=1')).toBe('/orders/abc?x=1');
    expect(safeReturnPath('/tickets/1#buy')).toBe('/tickets/1#buy');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('when a path on this site needs normalising, then the parsed form is returned', () => {
    expect(safeReturnPath('/orders/./a/../b')).toBe('/orders/b');
    expect(safeReturnPath('/ti\tckets/1')).toBe('/tickets/1');
    expect(safeReturnPath('/a b?q=c d')).toBe('/a%20b?q=c%20d');
    expect(safeReturnPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeReturnPath('/%09/evil.example')).toBe('/%09/evil.example');
  });

  it.each(HOSTILE.map((value) => [JSON.stringify(value) ?? String(value), value]))(
    'when the value is %s, then the home page is used instead',
    (_name, value) => {
      expect(safeReturnPath(value)).toBe('/');
    },
  );

  it('when any answer is followed as a Location by a browser, then it stays on the site', () => {
    const site = 'https://ticketing.dev';
    const tricks = [
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      '.',
      '..',
      '%2e',
      '%2f',
      '%5c',
      'evil.example',
      ':',
      '@',
      '?',
      '#',
    ];
    // Every short combination of the pieces that parsers disagree about.
    const candidates: string[] = [];
    for (const a of tricks) for (const b of tricks) for (const c of tricks) candidates.push(`/${a}${b}${c}`);
    for (const candidate of candidates) {
      const answer = safeReturnPath(candidate);
      expect([candidate, answer.startsWith('/') && !answer.startsWith('//')]).toEqual([candidate, true]);
      expect([candidate, followedFrom(site, answer)]).toEqual([candidate, site]);
      expect([candidate, /[\t\n\r]/.test(answer)]).toEqual([candidate, false]);
      expect([candidate, new URL(answer, site).pathname.includes('\\')]).toEqual([candidate, false]);
    }
  });

  it('when a sign-in link is built, then the return path is encoded into it', () => {
    expect(signInPath('/tickets/1?a=b')).toBe('/auth/signin?next=%2Ftickets%2F1%3Fa%3Db');
  });
});
