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
