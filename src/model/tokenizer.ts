// Character tokens: one token per user-perceived character (grapheme cluster), so
// 「大」 is one token, and so is 👩🏽‍💻 or e + a combining accent.

export const PAD_TOKEN = '<pad>';

export interface TokenizedText {
  /** Exactly seqLen tokens: the text's first characters, then PAD_TOKEN. */
  tokens: string[];
  /** true where tokens[i] is padding. */
  isPadding: boolean[];
  /** How many characters the text has (capped at countLimit). */
  textLength: number;
  /** The text had more characters than seqLen. */
  truncated: boolean;
}

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : undefined;

/** Longest stretch handed to the segmenter at once: its cost grows faster than linearly. */
const SEGMENT_CHUNK = 1024;

/**
 * Characters of the text, lazily, so a 100,000-character paste costs only what is read.
 * The text is segmented in chunks; a chunk's last character may continue into the next
 * chunk, so it is re-read from there (exact, except for a single character longer than a
 * whole chunk, which is cut).
 */
function* characters(text: string): Generator<string> {
  if (!segmenter) {
    yield* text; // code points
    return;
  }
  let start = 0;
  while (start < text.length) {
    const end = Math.min(text.length, start + SEGMENT_CHUNK);
    let last = '';
    let lastIndex = 0;
    for (const { segment, index } of segmenter.segment(text.slice(start, end))) {
      if (last) yield last;
      last = segment;
      lastIndex = index;
    }
    if (end === text.length || lastIndex === 0) {
      yield last;
      start = end;
    } else {
      start += lastIndex;
    }
  }
}

/** Control characters would be invisible as labels; show them as their Unicode picture. */
function visibleToken(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (character.length === 1 && code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return character;
}

/**
 * Split text into exactly seqLen tokens. Counting stops at countLimit characters so that
 * a huge paste stays cheap; textLength then says "at least countLimit".
 */
export function tokenize(text: string, seqLen: number, countLimit = 100_000): TokenizedText {
  const tokens: string[] = [];
  let textLength = 0;
  for (const character of characters(text)) {
    if (textLength < seqLen) tokens.push(visibleToken(character));
    textLength += 1;
    if (textLength >= countLimit) break;
  }
  const isPadding = tokens.map(() => false);
  while (tokens.length < seqLen) {
    tokens.push(PAD_TOKEN);
    isPadding.push(true);
  }
  return { tokens, isPadding, textLength, truncated: textLength > seqLen };
}

/** How a token is drawn: a space would be invisible, so it shows as ␣. */
export function displayToken(token: string): string {
  return token === ' ' ? '\u2423' : token;
}

/** How padding is labelled on a heatmap's axes. */
export const PAD_AXIS_LABEL = '∅';

/** One axis label per position: the displayed token, or ∅ for padding. */
export function axisLabels(tokens: readonly string[], isPadding: readonly boolean[]): string[] {
  return tokens.map((token, index) => (isPadding[index] ? PAD_AXIS_LABEL : displayToken(token)));
}
