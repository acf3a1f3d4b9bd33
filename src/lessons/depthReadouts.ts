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
export const ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'gelu', 'linear'] as const;
export const NORM_PLACEMENTS = ['none', 'pre', 'post'] as const;

/** One layer's factors on the way back: what the chain rule multiplies the gradient by. */
export interface ChainFactor {
  /** 1-based layer. */
  layer: number;
  /** RMS of f′(z) over the layer's entries. */
  derivative: number | null;
  /** ‖W‖_F / √d: the typical gain of a vector multiplied by Wᵀ. */
  weight: number;
  /** derivative × weight: the factor the chain rule predicts without LayerNorm or residual. */
  predicted: number | null;
  /** ‖∂loss/∂x_{l−1}‖ / ‖∂loss/∂x_l‖, measured by autodiff through the whole layer. */
  measured: number | null;
}

interface ChainInput {
  layers: readonly { derivativeRms: number | null; weightGain: number; gradientNorm: number | null }[];
  outputGradientNorm: number;
}

const ratio = (top: number | null, bottom: number | null) => {
  if (top === null || bottom === null || !(bottom > 0)) return null;
  const value = top / bottom;
  return Number.isFinite(value) ? value : null;
};

/**
 * Every layer's chain-rule factors, layer 1 first. gradientNorm[l − 1] is the gradient at
 * layer l's input x_{l−1}; the gradient at its output is the next layer's input gradient, or
 * ‖∂loss/∂x_L‖ for the last layer. The measured factors multiply to ‖∂loss/∂x_0‖ / ‖∂loss/∂x_L‖.
 */
export function chainFactors(result: ChainInput): ChainFactor[] {
  const { layers } = result;
  return layers.map((layer, index) => {
    const after = index + 1 < layers.length ? layers[index + 1].gradientNorm : result.outputGradientNorm;
    const predicted = layer.derivativeRms === null ? null : layer.derivativeRms * layer.weightGain;
    return { layer: index + 1, derivative: layer.derivativeRms, weight: layer.weightGain, predicted, measured: ratio(layer.gradientNorm, after) };
  });
}

/** The layers a table of factors shows: the first, the middle and the last (no repeats). */
export function chainRows(depth: number): number[] {
  return [...new Set([1, Math.ceil(depth / 2), depth])].filter((layer) => layer >= 1 && layer <= depth);
}

/** The geometric mean of the measured factors: the typical factor per layer (null when one is missing or 0). */
export function typicalFactor(factors: readonly ChainFactor[]): number | null {
  if (factors.length === 0) return null;
  let logSum = 0;
  for (const factor of factors) {
    if (factor.measured === null || !(factor.measured > 0)) return null;
    logSum += Math.log(factor.measured);
  }
  return Math.exp(logSum / factors.length);
}

/** The training figure's run: steps of plain SGD at this rate (see src/model/depthTraining.ts). */
export const DEPTH_TRAIN_STEPS = 60;
export const DEPTH_TRAIN_LEARNING_RATE = 0.1;
/** Relative tolerance of the backend's step-0 and step-1 losses against Float64 (float32 through ≤ 64 layers and one step). */
export const DEPTH_TRAIN_TOLERANCE = 1e-3;

export interface TrainingCheck {
  /** Largest |backend − Float64| / |Float64| over both runs' step-0 and step-1 losses (null: a loss was non-finite). */
  worst: number | null;
  ok: boolean;
}

/** The loss curves' first two points against the Float64 first step. */
export function trainingCheck(
  curves: { residual: readonly (number | null)[]; plain: readonly (number | null)[] },
  reference: { residual: { loss0: number; loss1: number }; plain: { loss0: number; loss1: number } },
  tolerance: number,
): TrainingCheck {
  let worst = 0;
  for (const run of ['residual', 'plain'] as const) {
    const pairs: [number | null | undefined, number][] = [[curves[run][0], reference[run].loss0], [curves[run][1], reference[run].loss1]];
    for (const [value, exact] of pairs) {
      if (value === null || value === undefined || !Number.isFinite(exact)) return { worst: null, ok: false };
      worst = Math.max(worst, Math.abs(value - exact) / Math.max(Math.abs(exact), 1e-30));
    }
  }
  return { worst, ok: worst <= tolerance };
}
