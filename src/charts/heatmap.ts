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

/**
 * Paint the matrix into the canvas. The backing store is rows × cols pixels, or, when the
 * matrix has more cells than the canvas shows pixels (maxSide), maxSide pixels a side with
 * each pixel the maximum of the cells it covers: attention peaks stay visible, and a
 * 512 × 512 thumbnail costs what its 100 × 100 pixels cost.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, matrix: HeatmapMatrix, style: HeatmapStyle, maxSide = Infinity): void {
  const { rows, cols, values, allowed } = matrix;
  const offset = matrix.offset ?? 0;
  const height = Math.min(rows, Math.max(1, Math.floor(maxSide)));
  const width = Math.min(cols, Math.max(1, Math.floor(maxSide)));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context || rows === 0 || cols === 0) return;
  const image = context.createImageData(width, height);
  const pixels = image.data;
  const [low, high] = style.domain;
  const table = style.lookup.table;
  for (let y = 0; y < height; y++) {
    const rowStart = Math.floor((y * rows) / height);
    const rowEnd = Math.max(rowStart + 1, Math.floor(((y + 1) * rows) / height));
    for (let x = 0; x < width; x++) {
      const colStart = Math.floor((x * cols) / width);
      const colEnd = Math.max(colStart + 1, Math.floor(((x + 1) * cols) / width));
      // Max over the covered cells; masked cells count only when all are masked.
      let value = -Infinity;
      let anyShown = false;
      let invalid = false;
      for (let row = rowStart; row < rowEnd; row++) {
        for (let col = colStart; col < colEnd; col++) {
          const cell = row * cols + col;
          if (allowed && allowed[cell] === 0) continue;
          anyShown = true;
          const cellValue = values[offset + cell];
          if (Number.isNaN(cellValue)) invalid = true;
          else if (cellValue > value) value = cellValue;
        }
      }
      const target = (y * width + x) * 4;
      if (!anyShown) {
        pixels.set(style.maskedColor, target);
      } else if (invalid) {
        pixels.set(style.invalidColor, target);
      } else {
        const source = lookupIndex(value, low, high) * 4;
        pixels[target] = table[source];
        pixels[target + 1] = table[source + 1];
        pixels[target + 2] = table[source + 2];
        pixels[target + 3] = 255;
      }
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

/** [−m, m] with m the largest finite |value| (at least a tiny positive number): 0 sits at the centre. */
export function symmetricExtent(values: NumberArray, start = 0, end = values.length): [number, number] {
  const [low, high] = finiteExtent(values, start, end);
  const largest = Math.max(Math.abs(low), Math.abs(high), 1e-9);
  return [-largest, largest];
}

/**
 * Every how many columns a label fits: a label needs about its own width plus a gap. Digits
 * and Latin letters are ≈ 0.6 em wide, anything else (a CJK character, an emoji) ≈ 1 em, so
 * "12" "15" "18" no longer run together where one glyph's room was assumed for each.
 */
export function columnLabelStep(labels: readonly string[], cellWidth: number, fontSize: number): number {
  let widestEms = 0;
  for (const label of labels) {
    let ems = 0;
    for (const char of label) ems += char.charCodeAt(0) < 128 ? 0.6 : 1;
    widestEms = Math.max(widestEms, ems);
  }
  // One glyph keeps the room it always had; longer labels get half an em between them.
  const labelWidth = fontSize * (widestEms <= 1 ? 1.15 : widestEms + 0.5);
  return Math.max(1, Math.ceil(labelWidth / cellWidth));
}

/**
 * Whether a number or word drawn in a heatmap cell fits the cell at `fontSize` px: a glyph
 * about 0.6 em wide (digits, Latin; a CJK character 1 em), a line 1.1 em high. A label that
 * does not fit is left out rather than drawn over its neighbours (the readouts give the value).
 */
export function cellTextFits(text: string, fontSize: number, cellWidth: number, cellHeight: number): boolean {
  let ems = 0;
  for (const character of text) ems += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(character) ? 1 : 0.6;
  return cellHeight >= fontSize * 1.1 && cellWidth >= ems * fontSize + 2;
}
