// Reading a checkpoint for the training lesson: the file must parse (training/checkpoint.ts
// says what is wrong with a bad one) and hold this lesson's model, the one run A trains.
import { parseCheckpoint, type Checkpoint } from '../training/checkpoint';
import { DEFAULT_TRAINER_CONFIG } from '../training/modelSpec';
import { DEFAULT_VARIANT } from '../training/variant';
import type { StringKey } from '../i18n/strings';

export type CheckpointLoad = { checkpoint: Checkpoint } | { problem: StringKey; detail: string };

export { SHIPPED_CHECKPOINT } from '../training/checkpoint';

export function readCheckpoint(text: string): CheckpointLoad {
  const parsed = parseCheckpoint(text);
  if ('error' in parsed) return { problem: parsed.error.key, detail: parsed.error.detail };
  const { config } = parsed.checkpoint;
  const lesson = DEFAULT_TRAINER_CONFIG;
  const sameModel = config.length === lesson.length && config.dModel === lesson.dModel && config.heads === lesson.heads && config.layers === lesson.layers;
  const sameVariant = JSON.stringify(config.variant) === JSON.stringify(DEFAULT_VARIANT);
  if (!sameModel || !sameVariant) {
    const variant = sameVariant ? '' : `, ${JSON.stringify(config.variant)}`;
    return { problem: 'trainCheckpointOther', detail: `d = ${config.dModel}, ${config.heads} heads, ${config.layers} layer(s), ${config.length} digits${variant}` };
  }
  return parsed;
}
