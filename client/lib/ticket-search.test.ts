import { isFiltered, readSearchState, searchHref, ticketsApiQuery, tidyHref } from './ticket-search';

describe('readSearchState', () => {
  it('when the URL holds a search, then each parameter is read trimmed with the page', () => {
    expect(
      readSearchState({
        q: ' jazz club ',
        minPrice: '10',
        maxPrice: '50.5',
        sort: 'price_asc',
        cursor: 'abc',
      }),
    ).toEqual({
      search: { q: 'jazz club', minPrice: '10', maxPrice: '50.5', sort: 'price_asc' },
      cursor: 'abc',
    });
  });

  it('when fields were left blank or the sort is the default, then they are not part of the search', () => {
    expect(
      readSearchState({ q: '  ', minPrice: '', maxPrice: undefined, sort: 'newest', cursor: '' }),
    ).toEqual({
      search: {},
    });
  });

  it('when a parameter is repeated, then the first is used', () => {
    expect(readSearchState({ q: ['rock', 'pop'] }).search).toEqual({ q: 'rock' });
  });

  it('when a value is not valid, then it is kept as typed for the service to name the problem', () => {
    expect(readSearchState({ minPrice: 'ten', sort: 'cheapest' }).search).toEqual({
      minPrice: 'ten',
      sort: 'cheapest',
    });
  });
});

describe('isFiltered', () => {
  it('when a word or a price bound is given, then the list is narrowed; a sort alone does not narrow it', () => {
    expect(isFiltered({ q: 'jazz' })).toBe(true);
    expect(isFiltered({ minPrice: '0' })).toBe(true);
    expect(isFiltered({ maxPrice: '5' })).toBe(true);
    expect(isFiltered({ sort: 'price_desc' })).toBe(false);
    expect(isFiltered({})).toBe(false);
  });
});

describe('searchHref', () => {
  it('when nothing is searched on the first page, then the link is the home page', () => {
    expect(searchHref({ search: {} })).toBe('/');
  });

  it('when a search is paged, then the next page keeps every parameter, in a fixed order, encoded', () => {
    expect(
      searchHref({ search: { sort: 'price_desc', q: 'café & bar', maxPrice: '20' }, cursor: 'x/y=' }),
    ).toBe('/?q=caf%C3%A9+%26+bar&maxPrice=20&sort=price_desc&cursor=x%2Fy%3D');
  });

  it('when a URL is read and written again, then it comes back the same', () => {
    const href = '/?q=jazz&minPrice=5&maxPrice=9.99&sort=price_asc&cursor=WyIxIl0';
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(searchHref(readSearchState(params))).toBe(href);
  });
});

describe('tidyHref', () => {
  it('when the form sent blank fields and the default sort, then the tidy URL drops them', () => {
    expect(tidyHref({ q: 'jazz', minPrice: '', maxPrice: '', sort: 'newest' })).toBe('/?q=jazz');
    expect(tidyHref({ q: '', minPrice: '', maxPrice: '', sort: 'newest' })).toBe('/');
  });

  it('when a parameter is repeated, then the tidy URL keeps the first', () => {
    expect(tidyHref({ q: ['a', 'b'] })).toBe('/?q=a');
  });

  it('when the URL is already tidy, then there is nothing to change', () => {
    expect(tidyHref({ q: 'jazz', sort: 'price_asc', cursor: 'abc' })).toBeNull();
    expect(tidyHref({})).toBeNull();
    // Parameters the page does not know are left alone.
    expect(tidyHref({ utm_source: '' })).toBeNull();
  });
});

describe('ticketsApiQuery', () => {
  it('when the tickets service is asked, then it gets the search, the page and the page size', () => {
    expect(ticketsApiQuery({ search: { q: 'jazz', sort: 'price_asc' }, cursor: 'abc' }, 24)).toBe(
      'q=jazz&sort=price_asc&cursor=abc&limit=24',
    );
    expect(ticketsApiQuery({ search: {} }, 24)).toBe('limit=24');
  });
});
