// The drawn width of a chart label, measured with a canvas in the page's own font (so a
// bold digit is as wide as the browser draws it); a rough estimate where there is no canvas
// (unit tests in Node): CJK characters about 1 em, others about 0.62 em.

let context: CanvasRenderingContext2D | null | undefined;
function measuringContext(): CanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  if (typeof document === 'undefined') return (context = null);
  return (context = document.createElement('canvas').getContext('2d'));
}

/** Width in CSS px of `text` at `px` pixels and font weight `weight`. */
export function measureLabel(text: string, px: number, weight = 400): number {
  const measuring = measuringContext();
  if (!measuring) return Array.from(text).reduce((sum, char) => sum + px * (/[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 1 : 0.62), 0);
  // Read each time: the language switch may change the page's font stack.
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  measuring.font = `${weight} ${px}px ${family}`;
  return measuring.measureText(text).width;
}
