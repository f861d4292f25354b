import { nextCursorFrom } from './link-header';

describe('nextCursorFrom', () => {
  it('when the Link header names a next page, then its cursor is returned', () => {
    expect(nextCursorFrom('</api/tickets?limit=24&cursor=WyIyMDI1Il0>; rel="next"')).toBe('WyIyMDI1Il0');
  });

  it('when several links are given, then the one marked next is used', () => {
    const header = '</api/orders?cursor=first>; rel="first", </api/orders?limit=5&cursor=abc>; rel="next"';
    expect(nextCursorFrom(header)).toBe('abc');
  });

  it('when there is no header or no next link, then there is no next page', () => {
    expect(nextCursorFrom(null)).toBeNull();
    expect(nextCursorFrom('</api/orders?cursor=x>; rel="prev"')).toBeNull();
  });
});
