/**
 * Title search without a text index (the stand-in database has no `$text`): a ticket stores the prefixes of the
 * normalised words of its title, and a query word matches when it is one of them, an equality that a multikey
 * index serves on MongoDB and the stand-in alike.
 */

// Letters that Unicode decomposition leaves whole but that people type without their mark.
const FOLDED: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Lower-case, accents removed: compatibility decomposition (NFKD also unfolds ligatures and full-width forms),
 * combining marks dropped, then the letters above folded. `Café` and `CAFE` both become `cafe`.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => FOLDED[letter] ?? letter);
}

/** The distinct normalised words of a text: runs of letters and digits, anything else separates. */
export function wordsOf(text: string): string[] {
  return [...new Set(normalise(text).split(/[^\p{L}\p{N}]+/u))].filter((word) => word !== '');
}

/**
 * What a ticket stores for its title: every prefix of every word (`coldplay` gives `c`, `co`, ... `coldplay`),
 * so a query word matches the start of a title word. A title of at most 200 characters gives at most 200 terms.
 */
export function searchTermsOf(title: string): string[] {
  const terms = new Set<string>();
  for (const word of wordsOf(title)) {
    const letters = [...word];
    for (let end = 1; end <= letters.length; end += 1) terms.add(letters.slice(0, end).join(''));
  }
  return [...terms];
}

/** The fields a write that sets a title sets with it, so the search terms never describe an older title. */
export function titleFields(title: string): { title: string; searchTerms: string[] } {
  return { title, searchTerms: searchTermsOf(title) };
}
