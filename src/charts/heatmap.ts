// Dense matrices on a canvas: one canvas pixel per cell, scaled up by CSS with
// `image-rendering: pixelated`, so a 512 × 512 map is one putImageData call; or, for maps
// whose size changes every frame, a canvas of the plot's own pixel size (drawHeatmapAtSide).

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
  const { width, height } = cellImageSize(matrix, maxSide);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context || matrix.rows === 0 || matrix.cols === 0) return;
  putCellImage(context, canvas, matrix, style, width, height);
}

/** Put the matrix's cell image, width × height pixels, at the top left of the context's canvas (`owner` keeps its pixel buffer). */
function putCellImage(context: CanvasRenderingContext2D, owner: HTMLCanvasElement, matrix: HeatmapMatrix, style: HeatmapStyle, width: number, height: number): void {
  const image = reusableImage(owner, context, width, height);
  paintHeatmap(image.data, width, height, matrix, style);
  context.putImageData(image, 0, 0);
}

/** The pixel size of a matrix's cell image: a pixel per cell, at most maxSide a side. */
function cellImageSize(matrix: HeatmapMatrix, maxSide: number): { width: number; height: number } {
  const side = Math.max(1, Math.floor(maxSide));
  return { width: Math.min(matrix.cols, side), height: Math.min(matrix.rows, side) };
}

/**
 * Paint the matrix into a canvas whose backing store stays `side` × `side` pixels whatever
 * the matrix's size: the cell image (as drawHeatmap makes it, max-pooled to at most `side`)
 * is put on the map's own scratch canvas off the page, then scaled up without smoothing.
 * For maps drawn at a new size every frame, as the playground's while the sequence-length
 * slider moves: resizing a canvas in the page makes Chromium allocate and hand the
 * compositor a new pixel buffer, and for the playground's five maps that was 2.5–3 ms of
 * each frame on the bench machine. The cell image's size is kept in the canvas's data-rows
 * and data-cols.
 */
export function drawHeatmapAtSide(canvas: HTMLCanvasElement, matrix: HeatmapMatrix, style: HeatmapStyle, side: number, scratch = scratchOf(canvas)): void {
  const canvasSide = Math.max(1, Math.floor(side));
  if (canvas.width !== canvasSide) canvas.width = canvasSide;
  if (canvas.height !== canvasSide) canvas.height = canvasSide;
  const { width, height } = cellImageSize(matrix, canvasSide);
  canvas.dataset.rows = String(height);
  canvas.dataset.cols = String(width);
  const context = canvas.getContext('2d');
  if (!context || matrix.rows === 0 || matrix.cols === 0) return;
  // The scratch canvas only grows, to a power of two: a drag up the slider resizes it a few times, not every frame.
  if (scratch.width < width) scratch.width = 2 ** Math.ceil(Math.log2(width));
  if (scratch.height < height) scratch.height = 2 ** Math.ceil(Math.log2(height));
  const scratchContext = scratch.getContext('2d');
  if (!scratchContext) return;
  putCellImage(scratchContext, canvas, matrix, style, width, height);
  context.imageSmoothingEnabled = false; // reset with every resize
  context.drawImage(scratch, 0, 0, width, height, 0, 0, canvasSide, canvasSide);
}

// A scratch canvas per map, not one shared: drawImage keeps a snapshot of its source until
// the frame is painted, so the next map's putImageData into a shared scratch had to copy it
// first (0.3 ms a map, measured), which was most of what the drawing cost.
const scratchOfCanvas = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();
function scratchOf(canvas: HTMLCanvasElement): HTMLCanvasElement {
  let scratch = scratchOfCanvas.get(canvas);
  if (!scratch) scratchOfCanvas.set(canvas, (scratch = document.createElement('canvas')));
  return scratch;
}

// One pixel buffer per canvas, reused while its size stays: a new 1 MB ImageData for each
// 512 × 512 map on every result kept the garbage collector busy during a drag.
const imagesOfCanvases = new WeakMap<HTMLCanvasElement, ImageData>();
function reusableImage(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, width: number, height: number): ImageData {
  const kept = imagesOfCanvases.get(canvas);
  if (kept && kept.width === width && kept.height === height) return kept;
  const image = context.createImageData(width, height);
  imagesOfCanvases.set(canvas, image);
  return image;
}

/**
 * Fill `pixels` (RGBA, width × height) with the matrix's colours. Each pixel is the maximum
 * of the cells it covers (one cell when the canvas is as large as the matrix). The matrix is
 * read once, row by row in memory order: this runs for 9 maps of 512 × 512 on every result.
 */
export function paintHeatmap(pixels: Uint8ClampedArray, width: number, height: number, matrix: HeatmapMatrix, style: HeatmapStyle): void {
  const { rows, cols, values, allowed } = matrix;
  const offset = matrix.offset ?? 0;
  const [low, high] = style.domain;
  const { table } = style.lookup;
  const [maskedR, maskedG, maskedB, maskedA] = style.maskedColor;
  const [invalidR, invalidG, invalidB, invalidA] = style.invalidColor;
  // The pixel column of each matrix column: width ≤ cols, so every pixel covers ≥ 1 column.
  const pixelOfColumn = new Int32Array(cols);
  for (let x = 0; x < width; x++) {
    const end = Math.floor(((x + 1) * cols) / width);
    for (let col = Math.floor((x * cols) / width); col < end; col++) pixelOfColumn[col] = x;
  }
  const largest = new Float64Array(width);
  // Per pixel: SHOWN when any covered cell is not masked, INVALID when one is NaN.
  const SHOWN = 1;
  const INVALID = 2;
  const seen = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    largest.fill(-Infinity);
    seen.fill(0);
    const rowEnd = Math.floor(((y + 1) * rows) / height);
    for (let row = Math.floor((y * rows) / height); row < rowEnd; row++) {
      const cellStart = row * cols;
      const valueStart = offset + cellStart;
      for (let col = 0; col < cols; col++) {
        if (allowed !== undefined && allowed[cellStart + col] === 0) continue;
        const x = pixelOfColumn[col];
        const value = values[valueStart + col];
        if (value !== value) seen[x] |= SHOWN | INVALID;
        else {
          seen[x] |= SHOWN;
          if (value > largest[x]) largest[x] = value;
        }
      }
    }
    for (let x = 0, target = y * width * 4; x < width; x++, target += 4) {
      const state = seen[x];
      if (state === 0) {
        pixels[target] = maskedR; pixels[target + 1] = maskedG; pixels[target + 2] = maskedB; pixels[target + 3] = maskedA;
      } else if (state & INVALID) {
        pixels[target] = invalidR; pixels[target + 1] = invalidG; pixels[target + 2] = invalidB; pixels[target + 3] = invalidA;
      } else {
        const source = lookupIndex(largest[x], low, high) * 4;
        pixels[target] = table[source];
        pixels[target + 1] = table[source + 1];
        pixels[target + 2] = table[source + 2];
        pixels[target + 3] = 255;
      }
    }
  }
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
