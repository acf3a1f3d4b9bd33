// Whether an installed font can draw Chinese, asked of the browser's own font fallback:
// a canvas draws two different ideographs in the generic sans-serif family (which never
// reaches the app's web fonts). With a CJK font installed they come out as two different
// glyphs; without one both are the same "missing glyph" box (or nothing), pixel for pixel.

const SIZE = 32;
const FIRST = '中';
const SECOND = '文';

export function systemDrawsCjk(document: Document): boolean {
  try {
    const canvas = document.createElement('canvas');
    canvas.width = SIZE;
    canvas.height = SIZE;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return false;
    context.font = `${SIZE - 8}px sans-serif`;
    context.textBaseline = 'top';
    const drawn = (character: string): Uint8ClampedArray => {
      context.clearRect(0, 0, SIZE, SIZE);
      context.fillText(character, 2, 2);
      return context.getImageData(0, 0, SIZE, SIZE).data;
    };
    return differ(drawn(FIRST), drawn(SECOND));
  } catch {
    return false; // cannot tell: load the bundled subset, as a machine without CJK fonts needs
  }
}

/** Whether two pixel buffers differ anywhere. */
function differ(first: Uint8ClampedArray, second: Uint8ClampedArray): boolean {
  if (first.length !== second.length) return true;
  for (let index = 0; index < first.length; index++) if (first[index] !== second[index]) return true;
  return false;
}
