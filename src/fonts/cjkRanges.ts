// The Unicode blocks counted as CJK, shared by the font subset's test and (as its
// unicode-range) the @font-face in notoSansScSubset.css; scripts/subset-cjk-font.py has
// the same list.

export const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x2e80, 0x2fdf], // CJK radicals, Kangxi radicals
  [0x3000, 0x303f], // CJK symbols and punctuation: 。、「」『』〈〉
  [0x3040, 0x30ff], // kana
  [0x3100, 0x312f], // bopomofo
  [0x31c0, 0x31ef], // CJK strokes
  [0x3200, 0x33ff], // enclosed CJK, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xffef], // full-width forms: ，：；（）！？
  [0x20000, 0x2fa1f], // supplementary ideographs
];

export function isCjk(character: string): boolean {
  const code = character.codePointAt(0)!;
  return CJK_RANGES.some(([low, high]) => low <= code && code <= high);
}

/** The distinct CJK characters of a text, by code point. */
export function cjkCharacters(text: string): Set<string> {
  return new Set([...text].filter(isCjk));
}

/** The ranges as a CSS unicode-range value. */
export function cssUnicodeRange(): string {
  return CJK_RANGES.map(([low, high]) => `U+${low.toString(16).toUpperCase()}-${high.toString(16).toUpperCase()}`).join(', ');
}
