// Dense matrices on a canvas: one canvas pixel per cell, scaled up by CSS with
// `image-rendering: pixelated`, so a 512 × 512 map is one putImageData call.

import type { NumberArray } from '../model/trace';
import { lookupIndex, type ColorLookup } from './colorScale';

export interface HeatmapMatrix {
  rows: number;
  cols: number;
  /** Row-major values; the matrix starts at offset. */
  values: NumberArray;
  offset?: number;
  /** Row-major 1 (shown) / 0 (masked), rows × cols, or undefined when nothing is masked. */
  allowed?: NumberArray;
}

export interface HeatmapStyle {
  lookup: ColorLookup;
  domain: [number, number];
  /** RGBA of masked cells: distinct from every colour of the map. */
  maskedColor: [number, number, number, number];
  /** RGBA of NaN cells (should never appear; shown loudly if they do). */
  invalidColor: [number, number, number, number];
}

export const DEFAULT_HEATMAP_STYLE: Omit<HeatmapStyle, 'lookup' | 'domain'> = {
  maskedColor: [150, 150, 150, 255],
  invalidColor: [255, 0, 255, 255],
};

/** Paint the matrix into the canvas, resizing its backing store to rows × cols. */
export function drawHeatmap(canvas: HTMLCanvasElement, matrix: HeatmapMatrix, style: HeatmapStyle): void {
  const { rows, cols, values, allowed } = matrix;
  const offset = matrix.offset ?? 0;
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context || rows === 0 || cols === 0) return;
  const image = context.createImageData(cols, rows);
  const pixels = image.data;
  const [low, high] = style.domain;
  const table = style.lookup.table;
  for (let cell = 0; cell < rows * cols; cell++) {
    const value = values[offset + cell];
    const target = cell * 4;
    if (allowed && allowed[cell] === 0) {
      pixels.set(style.maskedColor, target);
    } else if (Number.isNaN(value)) {
      pixels.set(style.invalidColor, target);
    } else {
      const source = lookupIndex(value, low, high) * 4;
      pixels[target] = table[source];
      pixels[target + 1] = table[source + 1];
      pixels[target + 2] = table[source + 2];
      pixels[target + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}

/** Smallest and largest finite value of a slice, for a colour domain. */
export function finiteExtent(values: NumberArray, start = 0, end = values.length): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = start; i < end; i++) {
    const value = values[i];
    if (Number.isFinite(value)) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  return low <= high ? [low, high] : [0, 1];
}
