// The playground's trained model: the shipped reverse-task checkpoint, fetched once (from
// the app's own origin, so it works offline once cached) and turned into the playground's
// weights. A failure is a message the page shows; the seeded model keeps working.
import type { ModelConfig } from '../model/config';
import type { ModelWeights } from '../model/weights';
import type { HeldOutScore } from '../training/checkpoint';
import { trainedModelConfig, trainedModelWeights } from '../training/playgroundModel';
import { readCheckpoint, SHIPPED_CHECKPOINT } from '../lessons/trainingCheckpointLoad';
import type { StringKey } from '../i18n/strings';

export interface TrainedModel {
  config: ModelConfig;
  weights: ModelWeights;
  /** Adam steps it was trained for, and its recorded held-out score. */
  steps: number;
  heldOut: HeldOutScore;
}

/** Why the trained model could not be had: a string key of the checkpoint reader's, and details. */
export interface TrainedModelProblem {
  key: StringKey;
  detail: string;
}

export type TrainedModelLoad = { model: TrainedModel } | { problem: TrainedModelProblem };

export async function loadTrainedModel(): Promise<TrainedModelLoad> {
  let text: string;
  try {
    const response = await fetch(new URL(SHIPPED_CHECKPOINT, document.baseURI));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    return { problem: { key: 'trainCheckpointFetch', detail: error instanceof Error ? error.message : String(error) } };
  }
  const read = readCheckpoint(text);
  if ('problem' in read) return { problem: { key: read.problem, detail: read.detail } };
  const { checkpoint } = read;
  try {
    return { model: { config: trainedModelConfig(checkpoint), weights: trainedModelWeights(checkpoint), steps: checkpoint.steps, heldOut: checkpoint.heldOut } };
  } catch (error) {
    return { problem: { key: 'checkpointMissingWeight', detail: error instanceof Error ? error.message : String(error) } };
  }
}
