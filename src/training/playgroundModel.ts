// The trained reverse-task checkpoint as the playground's model. The training lesson's
// model is the playground's pre-LayerNorm block with fewer parts: LayerNorm without a
// learned gain and bias (the playground's start as gain 1, bias 0, the same function),
// an FFN 2·d wide (the playground's is 4·d; the width is read from the weights), digit
// embeddings from a table, and a read-out to the 10 digits. So the playground runs it
// exactly, and every tensor it shows is the trained model's.
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import type { LayerWeights, ModelWeights } from '../model/weights';
import { SHIPPED_CHECKPOINT, type Checkpoint } from './checkpoint';
import { DEFAULT_VARIANT } from './variant';
import { VOCABULARY } from './reverseTask';

/** The digits "0" … "9": the trained model's whole vocabulary. */
export const DIGIT_TOKENS: readonly string[] = Array.from({ length: VOCABULARY }, (_, digit) => String(digit));

/** The playground's config for the checkpoint's model: its shape, scaled scores, no mask, sinusoidal positions. */
export function trainedModelConfig(checkpoint: Checkpoint): ModelConfig {
  const { dModel, heads, length, layers, seed } = checkpoint.config;
  return { ...DEFAULT_CONFIG, dModel, numHeads: heads, seqLen: length, numLayers: layers, scaleScores: true, mask: 'none', tie: 'none', positional: true, seed };
}

/**
 * The checkpoint's weights under the playground's names. Refuses an ablation's checkpoint
 * (BatchNorm, no residuals, …): the playground's model has only the standard block.
 */
export function trainedModelWeights(checkpoint: Checkpoint, source = SHIPPED_CHECKPOINT): ModelWeights {
  const { config, weights } = checkpoint;
  if (JSON.stringify(config.variant) !== JSON.stringify(DEFAULT_VARIANT)) {
    throw new Error(`the playground runs the standard block only, not the variant ${JSON.stringify(config.variant)}`);
  }
  const d = config.dModel;
  const dFF = 2 * d;
  const ones = () => new Float32Array(d).fill(1);
  const take = (name: string) => {
    const values = weights[name];
    if (!values) throw new Error(`the checkpoint has no ${name}`);
    return values;
  };
  const layers: LayerWeights[] = Array.from({ length: config.layers }, (_, l) => ({
    queryWeights: take(`layers.${l}.query`),
    keyWeights: take(`layers.${l}.key`),
    valueWeights: take(`layers.${l}.value`),
    outputWeights: take(`layers.${l}.output`),
    norm1Gain: ones(),
    norm1Bias: new Float32Array(d),
    norm2Gain: ones(),
    norm2Bias: new Float32Array(d),
    ffnWeights1: take(`layers.${l}.ffn1`),
    ffnBias1: take(`layers.${l}.ffn1Bias`),
    ffnWeights2: take(`layers.${l}.ffn2`),
    ffnBias2: take(`layers.${l}.ffn2Bias`),
  }));
  return {
    seed: config.seed,
    dModel: d,
    dFF,
    layers,
    finalNormGain: ones(),
    finalNormBias: new Float32Array(d),
    source,
    vocabulary: { tokens: [...DIGIT_TOKENS], embeddings: take('embedding') },
    readout: { weights: take('readout'), bias: take('readoutBias') },
  };
}

export { mostLikelyDigits } from './reverseTask';
