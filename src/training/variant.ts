// What an ablation changes in the training lesson's model: one switch per claim of the seed
// notes (scaled attention, the normalisation, residual connections, separate Q and K).
// Plain data, shared by the trainer (worker), the Float64 reference and the lesson's UI.

export type TrainingNorm = 'layer' | 'batch' | 'none';

export interface TrainerVariant {
  /** Divide the scores by √d_k before the softmax. */
  scaled: boolean;
  /** The normalisation before attention, before the feed-forward layer and before the read-out. */
  norm: TrainingNorm;
  /** Add each sub-layer's output to its input (x + f(x)) rather than replace it (f(x)). */
  residual: boolean;
  /** Use W_Q for the keys too (W_K = W_Q): the scores become symmetric. */
  tiedQK: boolean;
}

export const DEFAULT_VARIANT: TrainerVariant = { scaled: true, norm: 'layer', residual: true, tiedQK: false };

export const TRAINING_NORMS: readonly TrainingNorm[] = ['layer', 'batch', 'none'];
