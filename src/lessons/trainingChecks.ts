// The training lesson's readouts computed in the page: how much of a head's attention sits
// on the anti-diagonal (what reversing needs), and the Float64 check of the model's answer
// for the probe sequence, recomputed from the weights the worker sent with it.
import type { Inspection, TrainerConfig, TrainerWeights } from '../training/trainer';
import { reverseTarget } from '../training/reverseTask';
import { trainingReference } from '../reference/trainingReference';

/**
 * Largest |float32 on the backend − Float64| allowed for the probe's attention weights and
 * output probabilities (both in [0, 1]). The trainer's unit tests see ≤ 1e-6 on the CPU.
 */
export const PROBE_TOLERANCE = 1e-4;

/** Mean weight that query i puts on key T − 1 − i, for map `map` of a [maps, T, T] array. */
export function anti(attention: ArrayLike<number>, map: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += attention[map * length * length + i * length + (length - 1 - i)];
  return sum / length;
}

export interface ProbeCheck {
  attention: number;
  probability: number;
}

/** Worst differences between what the backend returned and the Float64 reference. */
export function probeCheck(run: { config: TrainerConfig; weights: TrainerWeights | null; probe: Inspection | null; probeDigits: readonly number[] }): ProbeCheck | null {
  const { config, weights, probe, probeDigits } = run;
  if (!weights || !probe || probeDigits.length !== config.length) return null;
  const reference = trainingReference(config, weights, probeDigits, reverseTarget(probeDigits));
  return { attention: worst(probe.attention, reference.attention), probability: worst(probe.probabilities, reference.probabilities) };
}

function worst(measured: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (measured.length !== reference.length) return Number.POSITIVE_INFINITY;
  let most = 0;
  for (let i = 0; i < measured.length; i++) {
    const difference = Math.abs(measured[i] - reference[i]);
    if (!(difference <= most)) most = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference;
  }
  return most;
}
