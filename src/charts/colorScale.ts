// Colour lookup tables: a heatmap maps each value to one of 256 precomputed RGBA
// entries instead of building a colour string per cell.

import { interpolateRdBu, interpolateViridis, rgb } from 'd3';

export const LUT_SIZE = 256;

export interface ColorLookup {
  /** RGBA bytes, LUT_SIZE × 4. */
  table: Uint8ClampedArray;
  /** The d3 interpolator the table samples, for legends. */
  interpolate: (t: number) => string;
}

export function buildLookup(interpolate: (t: number) => string): ColorLookup {
  const table = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const color = rgb(interpolate(i / (LUT_SIZE - 1)));
    table.set([color.r, color.g, color.b, 255], i * 4);
  }
  return { table, interpolate };
}

/** Viridis: perceptually uniform, colour-blind safe and readable in greyscale. */
export const VIRIDIS = buildLookup(interpolateViridis);

/**
 * Blue (negative) – white (0) – red (positive), for signed values such as scores, queries
 * and keys: use it with a domain symmetric about 0 (symmetricExtent), so white means 0.
 * ColorBrewer's RdBu has no green: its two ends stay distinct with red–green colour
 * blindness (blue against red-brown for deuteranopes), and both differ in lightness from
 * the white middle. Viridis (above) is the sequential map.
 */
export const DIVERGING = buildLookup((t) => interpolateRdBu(1 - t));

/** Index into the table for a value within [low, high]; values outside are clamped. */
export function lookupIndex(value: number, low: number, high: number): number {
  if (!(high > low)) return 0;
  const t = (value - low) / (high - low);
  if (!(t > 0)) return 0; // also NaN
  if (t >= 1) return LUT_SIZE - 1;
  return Math.floor(t * (LUT_SIZE - 1) + 0.5);
}
