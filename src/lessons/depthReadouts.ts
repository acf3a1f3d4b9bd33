// Pure readouts of the depth lesson.

/** Per-layer growth factor of the std: (std_L / std_0)^(1/L), the "≈ gain per layer" number. */
export function growthPerLayer(inputStd: number, std: readonly (number | null)[]): number | null {
  const last = std.length ? std[std.length - 1] : null;
  if (last === null || !(last > 0) || !(inputStd > 0)) return null;
  const factor = Math.exp(Math.log(last / inputStd) / std.length);
  return Number.isFinite(factor) ? factor : null;
}

/** A number for the screen: never NaN/Infinity text (null → the caller's overflow text). */
export function formatValue(value: number | null, overflowText: string): string {
  if (value === null || !Number.isFinite(value)) return overflowText;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
}

// The depth lesson's controls (also the values its URL keys accept, state/lessonSettings.ts).
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
export const DEPTH_CHOICES = range(1, 64);
/** The gain slider is logarithmic: 2^(k/20), k = −20…20, so 0.5 … 2 with 1 in the middle. */
export const GAIN_CHOICES = range(-20, 20).map((k) => Math.round(2 ** (k / 20) * 1000) / 1000);
export const DEPTH_SEED_CHOICES = range(1, 50);
export const WIDTH_CHOICES = [64, 128, 256] as const;
export const ACTIVATIONS = ['tanh', 'relu', 'linear'] as const;
export const NORM_PLACEMENTS = ['none', 'pre', 'post'] as const;
