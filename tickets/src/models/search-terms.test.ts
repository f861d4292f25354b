import { normalise, searchTermsOf, titleFields, wordsOf } from './search-terms';

describe('normalise', () => {
  it.each([
    ['Café', 'cafe'],
    ['CAFÉ', 'cafe'],
    ['Beyoncé Knowles', 'beyonce knowles'],
    ['Motörhead', 'motorhead'],
    ['Straße', 'strasse'],
    ['Sigur Rós Ølstue', 'sigur ros olstue'],
    ['İstanbul', 'istanbul'],
    ['ﬁnal ＡＢＣ', 'final abc'],
  ])('when the text is "%s", then it reads "%s"', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });
});

describe('wordsOf', () => {
  it('when a title has punctuation, digits and repeats, then its distinct words come out in order', () => {
    expect(wordsOf("AC/DC — Live! 2025, ac-dc's tour")).toEqual(['ac', 'dc', 'live', '2025', 's', 'tour']);
  });

  it('when a text has no letters or digits, then it has no words', () => {
    expect(wordsOf(' --- !? ')).toEqual([]);
  });

  it('when a title is in a script without case or spaces, then each run is a word, its marks dropped too', () => {
    // The voicing mark of ド goes like an accent: queries are folded the same way, and terms are never shown.
    expect(wordsOf('東京ドーム 公演')).toEqual(['東京トーム', '公演']);
  });
});

describe('searchTermsOf', () => {
  it('when a title is stored, then every prefix of every word is a term, once', () => {
    expect(searchTermsOf('Cold Coldplay')).toEqual([
      'c',
      'co',
      'col',
      'cold',
      'coldp',
      'coldpl',
      'coldpla',
      'coldplay',
    ]);
  });

  it('when a word has letters outside the basic plane, then no prefix splits one', () => {
    expect(searchTermsOf('𝔸b')).toEqual(['a', 'ab']);
  });

  it('when the title is the longest allowed, then there are at most as many terms as characters', () => {
    expect(searchTermsOf('x'.repeat(200)).length).toBe(200);
  });

  it('when a write sets the title, then it sets the terms of that same title', () => {
    expect(titleFields('Jazz')).toEqual({ title: 'Jazz', searchTerms: ['j', 'ja', 'jaz', 'jazz'] });
  });
});
