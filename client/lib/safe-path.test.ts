import { safeReturnPath, signInPath } from './safe-path';

describe('safeReturnPath', () => {
  it('when the value is a path on this site, then it is kept', () => {
    expect(safeReturnPath('/orders/abc?x=1')).toBe('/orders/abc?x=1');
  });

  it('when the value could leave the site, then the home page is used instead', () => {
    for (const value of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'orders',
      '',
      undefined,
      42,
    ]) {
      expect(safeReturnPath(value)).toBe('/');
    }
  });

  it('when a sign-in link is built, then the return path is encoded into it', () => {
    expect(signInPath('/tickets/1?a=b')).toBe('/auth/signin?next=%2Ftickets%2F1%3Fa%3Db');
  });
});
