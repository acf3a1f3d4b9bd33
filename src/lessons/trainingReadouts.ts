// Pure pieces of the training lesson (no DOM, no TF.js): the ablations it offers, the seeds,
// the fixed task size, how many steps a call takes, and the curves' smoothing.
import { DEFAULT_TRAINER_CONFIG, type TrainerConfig } from '../training/modelSpec';
import { DEFAULT_VARIANT, type TrainerVariant } from '../training/variant';

/** Run B differs from run A (the default model) in exactly one switch, or there is no run B. */
export const ABLATIONS = ['none', 'unscaled', 'batchnorm', 'nonorm', 'noresidual', 'tied'] as const;
export type Ablation = (typeof ABLATIONS)[number];

/** The one switch each ablation flips in run B. */
export function ablationVariant(ablation: Ablation): TrainerVariant {
  switch (ablation) {
    case 'none':
      return DEFAULT_VARIANT;
    case 'unscaled':
      return { ...DEFAULT_VARIANT, scaled: false };
    case 'batchnorm':
      return { ...DEFAULT_VARIANT, norm: 'batch' };
    case 'nonorm':
      return { ...DEFAULT_VARIANT, norm: 'none' };
    case 'noresidual':
      return { ...DEFAULT_VARIANT, residual: false };
    case 'tied':
      return { ...DEFAULT_VARIANT, tiedQK: true };
  }
}

export const TRAIN_SEED_CHOICES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The task: reverse 6 digits. The sequence under the prediction panel by default. */
export const TRAIN_LENGTH = DEFAULT_TRAINER_CONFIG.length;
export const DEFAULT_PROBE = '314159';

/** Held-out batch: its own seed stream (reverseTask.heldOutBatch), fixed for every run. */
export const HELD_OUT = { seed: 1, size: 256 };

/** A run stops by itself here (the task is learnt long before). */
export const MAX_STEPS = 1000;

/** The config of a run: the lesson's model with the run's seed and variant. */
export function runConfig(seed: number, variant: TrainerVariant): TrainerConfig {
  return { ...DEFAULT_TRAINER_CONFIG, seed, variant };
}

/**
 * Steps per call: about `targetMs` of work, so the curves move several times a second on a
 * fast backend and a slow one still answers other calls between chunks. 1 … 25 steps.
 */
export function stepsPerChunk(msPerStep: number | null, targetMs = 150): number {
  if (msPerStep === null || !(msPerStep > 0)) return 2;
  return Math.max(1, Math.min(25, Math.round(targetMs / msPerStep)));
}

/** Exponential moving average of a loss curve (the raw per-step loss is noisy). */
export function smoothed(values: readonly number[], weight = 0.9): number[] {
  const out: number[] = [];
  let average: number | null = null;
  for (const value of values) {
    average = average === null ? value : weight * average + (1 - weight) * value;
    out.push(average);
  }
  return out;
}

/** The chance loss: −ln(1/10), what a model that knows nothing pays per digit. */
export const CHANCE_LOSS = Math.log(10);
