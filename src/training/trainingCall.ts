// The training lesson's call to the model worker: take some Adam steps on one run (creating
// it first if needed), then measure it on the held-out batch and look at one sequence. Each
// call is short (a chunk of steps), so the worker answers other calls between chunks and the
// page stays responsive; the page decides when to send the next chunk.
import type { Evaluation, Inspection, TrainerConfig, TrainerWeights } from './trainer';

export interface TrainCallInput {
  /** Which run ('A', 'B'): the worker keeps one trainer per id. */
  run: string;
  config: TrainerConfig;
  /** Start this run again from its seed (or from `weights`), dropping what it learned. */
  reset: boolean;
  /** With `reset`: start from these weights (a checkpoint) instead of the seeded ones. */
  weights?: TrainerWeights;
  /** Adam steps to take in this call (0: only evaluate and inspect). */
  steps: number;
  /** The held-out batch: its seed and size (the same batch on every call). */
  heldOut: { seed: number; size: number };
  /** The sequence whose prediction and attention maps are returned. */
  probe: number[];
}

export interface TrainCallResult {
  run: string;
  /** The run was created by this call (asked for, or because the worker no longer had it). */
  fresh: boolean;
  /** Steps taken since the run started. */
  step: number;
  /** The training loss of each step of this call. */
  losses: number[];
  /** Wall time of the steps alone, per step (null when no step was taken). */
  msPerStep: number | null;
  heldOut: Evaluation;
  probe: Inspection;
  /** The weights after the steps, for the page's Float64 check of `probe`. */
  weights: TrainerWeights;
}

/** Forget these runs (the lesson closed, or a run was removed). */
export interface TrainDisposeInput {
  runs: string[];
}
