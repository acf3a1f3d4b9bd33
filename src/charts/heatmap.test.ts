import { describe, expect, it } from 'vitest';
import { columnLabelStep, drawHeatmap, drawHeatmapAtSide, finiteExtent, DEFAULT_HEATMAP_STYLE, cellTextFits } from './heatmap';
import { VIRIDIS, lookupIndex } from './colorScale';

/** A canvas stand-in that keeps what putImageData wrote. */
function fakeCanvas() {
  let written: { data: Uint8ClampedArray; width: number; height: number } | null = null;
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => ({
      createImageData: (width: number, height: number) => ({ data: new Uint8ClampedArray(width * height * 4), width, height }),
      putImageData: (image: { data: Uint8ClampedArray; width: number; height: number }) => (written = image),
    }),
  };
  return { canvas: canvas as unknown as HTMLCanvasElement, image: () => written! };
}

const style = { ...DEFAULT_HEATMAP_STYLE, lookup: VIRIDIS, domain: [0, 1] as [number, number] };
/** The table colour of a value as stored in a Float32Array. */
const colorOf = (value: number) => {
  const index = lookupIndex(Math.fround(value), 0, 1) * 4;
  return Array.from(VIRIDIS.table.slice(index, index + 4));
};
const pixel = (image: { data: Uint8ClampedArray; width: number }, x: number, y: number) =>
  Array.from(image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));

describe('drawHeatmapAtSide', () => {
  /** A page canvas that records how it was drawn on: sizes it was given and drawImage calls. */
  function fakePageCanvas() {
    const sizes: number[][] = [];
    const draws: { source: unknown; args: number[]; smoothing: boolean }[] = [];
    let [width, height] = [0, 0];
    const context = {
      imageSmoothingEnabled: true,
      drawImage: (source: unknown, ...args: number[]) => draws.push({ source, args, smoothing: context.imageSmoothingEnabled }),
    };
    const canvas = {
      dataset: {} as Record<string, string>,
      get width() { return width; },
      set width(value: number) { width = value; sizes.push([width, height]); },
      get height() { return height; },
      set height(value: number) { height = value; sizes.push([width, height]); },
      getContext: () => context,
    };
    return { canvas: canvas as unknown as HTMLCanvasElement, sizes, draws };
  }

  it('keeps the canvas at its side while the matrix changes size, scaling the cell image into it unsmoothed', () => {
    const page = fakePageCanvas();
    const scratch = fakeCanvas();
    for (const n of [8, 9, 8, 12]) {
      const values = new Float32Array(n * n).map((_, i) => (i % 7) / 7);
      drawHeatmapAtSide(page.canvas, { rows: n, cols: n, values }, style, 100.6, scratch.canvas);
      // The cell image on the scratch canvas is what drawHeatmap would draw: a pixel a cell.
      const direct = fakeCanvas();
      drawHeatmap(direct.canvas, { rows: n, cols: n, values }, style);
      expect(Array.from(scratch.image().data)).toEqual(Array.from(direct.image().data));
      expect(page.draws.at(-1)).toEqual({ source: scratch.canvas, args: [0, 0, n, n, 0, 0, 100, 100], smoothing: false });
      expect(page.canvas.dataset).toEqual({ rows: String(n), cols: String(n) });
    }
    // Sized once (width, then height), never again.
    expect(page.sizes).toEqual([[100, 0], [100, 100]]);
    // The scratch canvas grows to powers of two: 8, then 16 for n = 9 and 12.
    expect([scratch.canvas.width, scratch.canvas.height]).toEqual([16, 16]);
  });

  it('max-pools a matrix with more cells than the side, as drawHeatmap does', () => {
    const page = fakePageCanvas();
    const scratch = fakeCanvas();
    const values = new Float32Array(30 * 20).map((_, i) => Math.sin(i) ** 2);
    drawHeatmapAtSide(page.canvas, { rows: 30, cols: 20, values }, style, 16, scratch.canvas);
    const direct = fakeCanvas();
    drawHeatmap(direct.canvas, { rows: 30, cols: 20, values }, style, 16);
    expect(Array.from(scratch.image().data)).toEqual(Array.from(direct.image().data));
    expect(page.canvas.dataset).toEqual({ rows: '16', cols: '16' });
    expect(page.draws[0].args).toEqual([0, 0, 16, 16, 0, 0, 16, 16]);
  });
});

describe('drawHeatmap', () => {
  it('draws one pixel per cell, masked cells grey', () => {
    const { canvas, image } = fakeCanvas();
    drawHeatmap(canvas, { rows: 2, cols: 2, values: new Float32Array([0.1, 0.9, 0.5, 0]), allowed: new Float32Array([1, 1, 1, 0]) }, style);
    expect([canvas.width, canvas.height]).toEqual([2, 2]);
    expect(pixel(image(), 0, 0)).toEqual(colorOf(0.1));
    expect(pixel(image(), 1, 0)).toEqual(colorOf(0.9));
    expect(pixel(image(), 0, 1)).toEqual(colorOf(0.5));
    expect(pixel(image(), 1, 1)).toEqual(DEFAULT_HEATMAP_STYLE.maskedColor);
  });

  it('max-pools a matrix larger than the canvas may be, ignoring masked cells unless all are masked', () => {
    const { canvas, image } = fakeCanvas();
    // 4 × 4 → 2 × 2: each pixel is the max of a 2 × 2 block.
    const values = new Float32Array([0.1, 0.2, 0, 0, 0.3, 0.8, 0, 0, 0.5, 0.5, 0.9, 0.1, 0.5, 0.5, 0.1, 0.1]);
    const allowed = new Float32Array([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
    drawHeatmap(canvas, { rows: 4, cols: 4, values, allowed }, style, 2);
    expect([canvas.width, canvas.height]).toEqual([2, 2]);
    expect(pixel(image(), 0, 0)).toEqual(colorOf(0.8));
    expect(pixel(image(), 1, 0)).toEqual(DEFAULT_HEATMAP_STYLE.maskedColor);
    expect(pixel(image(), 0, 1)).toEqual(colorOf(0.5));
    expect(pixel(image(), 1, 1)).toEqual(colorOf(0.9));
  });

  it('matches a cell-by-cell max over each pixel\'s block for uneven sizes, masks, NaN and an offset', () => {
    // The reference: for every pixel, scan the cells it covers (rows and columns split as
    // floor(i · cells / pixels)), the plain way the painter's single pass must reproduce.
    const expected = (rows: number, cols: number, values: Float32Array, offset: number, allowed: Float32Array | undefined, side: number) => {
      const height = Math.min(rows, side);
      const width = Math.min(cols, side);
      const out: number[][] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          let largest = -Infinity;
          let shown = false;
          let invalid = false;
          for (let row = Math.floor((y * rows) / height); row < Math.floor(((y + 1) * rows) / height); row++) {
            for (let col = Math.floor((x * cols) / width); col < Math.floor(((x + 1) * cols) / width); col++) {
              if (allowed && allowed[row * cols + col] === 0) continue;
              shown = true;
              const value = values[offset + row * cols + col];
              if (Number.isNaN(value)) invalid = true;
              else largest = Math.max(largest, value);
            }
          }
          out.push(!shown ? style.maskedColor : invalid ? style.invalidColor : colorOf(largest));
        }
      }
      return out;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const [rows, cols, side] of [[37, 53, 10], [53, 37, 53], [64, 64, 64], [100, 7, 3], [5, 9, 4], [1, 1, 1], [12, 30, 29]]) {
      const offset = 3;
      const values = Float32Array.from({ length: offset + rows * cols }, () => (random() < 0.01 ? NaN : random() * 1.2 - 0.1));
      for (const allowed of [undefined, Float32Array.from({ length: rows * cols }, (_, cell) => (cell % cols <= Math.floor(cell / cols) && random() > 0.1 ? 1 : 0))]) {
        const { canvas, image } = fakeCanvas();
        drawHeatmap(canvas, { rows, cols, values, offset, allowed }, style, side);
        const drawn = image();
        const pixels = Array.from({ length: drawn.width * drawn.height }, (_, i) => pixel(drawn, i % drawn.width, Math.floor(i / drawn.width)));
        expect(pixels).toEqual(expected(rows, cols, values, offset, allowed, side));
      }
    }
  });

  it('shows NaN loudly and clamps values outside the domain', () => {
    const { canvas, image } = fakeCanvas();
    drawHeatmap(canvas, { rows: 1, cols: 3, values: new Float32Array([NaN, 5, -5]) }, style);
    expect(pixel(image(), 0, 0)).toEqual(DEFAULT_HEATMAP_STYLE.invalidColor);
    expect(pixel(image(), 1, 0)).toEqual(colorOf(1));
    expect(pixel(image(), 2, 0)).toEqual(colorOf(0));
  });
});

describe('finiteExtent', () => {
  it('ignores non-finite values', () => {
    expect(finiteExtent(new Float32Array([NaN, -Infinity, 2, -1, Infinity]))).toEqual([-1, 2]);
    expect(finiteExtent(new Float32Array([NaN]))).toEqual([0, 1]);
  });
});

describe('columnLabelStep', () => {
  it('keeps one glyph of room for single-character labels', () => {
    expect(columnLabelStep(['a', 'b'], 20, 10)).toBe(1);
    expect(columnLabelStep(['大', '模'], 5, 10)).toBe(3); // 11.5 px over 5 px cells
  });
  it('spaces two-digit labels by their width (64 columns in 300 px)', () => {
    const labels = Array.from({ length: 64 }, (_, i) => String(i));
    const step = columnLabelStep(labels, 300 / 64, 10);
    // 0.6 em per digit + 0.5 em gap = 17 px at 10 px: every 4th column.
    expect(step).toBe(4);
    expect(step * (300 / 64)).toBeGreaterThanOrEqual(2 * 0.6 * 10 + 5);
  });
});

describe('cellTextFits', () => {
  it('fits short numbers in cells large enough for them', () => {
    expect(cellTextFits('0.25', 12, 40, 20)).toBe(true);
    expect(cellTextFits('1', 20, 24, 24)).toBe(true);
  });
  it('leaves out text wider or taller than its cell', () => {
    expect(cellTextFits('0.25', 12, 20, 20)).toBe(false);
    expect(cellTextFits('1', 20, 24, 18)).toBe(false);
    // At projector size (20 px) a 30 px cell holds one digit but not three.
    expect(cellTextFits('7', 20, 30, 30)).toBe(true);
    expect(cellTextFits('0.7', 20, 30, 30)).toBe(false);
  });
  it('counts a CJK character as a full em', () => {
    expect(cellTextFits('股', 20, 20, 24)).toBe(false);
    expect(cellTextFits('股', 20, 23, 24)).toBe(true);
  });
});
