// An exported SVG drawn on a canvas at a chosen scale, as a PNG. The SVG is self-contained
// (no external references, no foreignObject), so the canvas stays readable (untainted).

/** Scales offered for PNG, in device pixels per CSS pixel. */
export const PNG_SCALES = [
  { scale: 1, purpose: 'screen' },
  { scale: 2, purpose: 'projector' },
  { scale: 4, purpose: 'print' },
] as const;
export type PngScale = (typeof PNG_SCALES)[number]['scale'];

/** Browsers refuse canvases past about 16,384 px a side (and 268 M pixels in all). */
const MAX_CANVAS_SIDE = 16384;
const MAX_CANVAS_AREA = 16384 * 16384;

/** The pixel size a figure of width × height CSS px gets at `scale`, shrunk to what a canvas can hold. */
export function pngSize(width: number, height: number, scale: number): { width: number; height: number } {
  let factor = scale;
  factor = Math.min(factor, MAX_CANVAS_SIDE / Math.max(1, width), MAX_CANVAS_SIDE / Math.max(1, height));
  factor = Math.min(factor, Math.sqrt(MAX_CANVAS_AREA / Math.max(1, width * height)));
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

export async function svgToPng(markup: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const size = pngSize(width, height, scale);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offer a blob as a file download: made in the page, nothing is uploaded. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; give it a moment before freeing the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
