// The hand-painted attention mask: a string of n × n cells, '1' where query i may attend
// to key j and '0' where it may not, row-major. A string is immutable, cheap to compare
// and to put in a job key; the URL carries it as a base64url bitset.

/** The mask a mode stands for, as a painted mask to start from: painting begins from what is on screen. */
export function maskAsPainted(mode: 'none' | 'causal' | 'padding', isPadding: readonly boolean[]): string {
  const n = isPadding.length;
  if (mode === 'causal') return Array.from({ length: n }, (_, i) => '1'.repeat(i + 1) + '0'.repeat(n - i - 1)).join('');
  if (mode === 'padding' && !isPadding.every((padding) => padding)) {
    return isPadding.map((padding) => (padding ? '0' : '1')).join('').repeat(n);
  }
  return '1'.repeat(n * n);
}

/** The mask for a new n: the top-left cells carry over, new cells are allowed. */
export function resizePaintedMask(mask: string, seqLen: number): string {
  const oldSize = Math.round(Math.sqrt(mask.length));
  if (oldSize * oldSize === mask.length && oldSize === seqLen) return mask;
  // Built row by row (a 512 × 512 mask is 262,144 cells: no per-cell string concatenation).
  const rows: string[] = [];
  for (let i = 0; i < seqLen; i++) {
    rows.push(
      i < oldSize
        ? mask.slice(i * oldSize, i * oldSize + Math.min(oldSize, seqLen)) + '1'.repeat(Math.max(0, seqLen - oldSize))
        : '1'.repeat(seqLen),
    );
  }
  return rows.join('');
}

/** Flip one cell. */
export function toggleCell(mask: string, seqLen: number, row: number, col: number, allowed?: boolean): string {
  const index = row * seqLen + col;
  const next = allowed === undefined ? (mask[index] === '1' ? '0' : '1') : allowed ? '1' : '0';
  return mask[index] === next ? mask : mask.slice(0, index) + next + mask.slice(index + 1);
}

/** Rows whose every key is masked (their weights are defined as all 0). */
export function fullyMaskedRows(mask: string, seqLen: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < seqLen; i++) if (!mask.slice(i * seqLen, (i + 1) * seqLen).includes('1')) rows.push(i);
  return rows;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Six cells per character, the last character padded with zeros. */
export function encodeMaskBits(mask: string): string {
  let out = '';
  for (let start = 0; start < mask.length; start += 6) {
    let value = 0;
    for (let bit = 0; bit < 6; bit++) value = (value << 1) | (mask[start + bit] === '1' ? 1 : 0);
    out += BASE64URL[value];
  }
  return out;
}

/** The n × n mask from its URL form, or null when the text is not exactly such a mask. */
export function decodeMaskBits(encoded: string, seqLen: number): string | null {
  const cells = seqLen * seqLen;
  if (encoded.length !== Math.ceil(cells / 6)) return null;
  let mask = '';
  for (const character of encoded) {
    const value = BASE64URL.indexOf(character);
    if (value < 0) return null;
    for (let bit = 5; bit >= 0; bit--) mask += (value >> bit) & 1 ? '1' : '0';
  }
  // Padding bits past the last cell must be zero: anything else is not a mask we wrote.
  if (mask.slice(cells).includes('1')) return null;
  return mask.slice(0, cells);
}
