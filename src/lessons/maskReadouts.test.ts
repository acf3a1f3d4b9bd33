import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowSums, summarizeMasking } from './maskReadouts';
import { referenceForward } from '../reference/referenceTransformer';
import { createWeights } from '../model/weights';
import { tokenize } from '../model/tokenizer';
import { tf } from '../model/tf';
import { TransformerModel } from '../model/transformer';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import type { ForwardRequest } from '../model/trace';

// Row 1 fully masked; the rest scattered.
const PAINTED_5 = ['10110', '00000', '11011', '01111', '10001'].join('');

function request(config: ModelConfig, customMask?: string): ForwardRequest {
  const { tokens, isPadding } = tokenize('我爱学习', config.seqLen);
  return { config, tokens, isPadding, customMask };
}

describe('masking readouts', () => {
  it('by hand', () => {
    const weights = Float64Array.from([1, 0, 0.25, 0.75]);
    const mask = Float64Array.from([1, 0, 1, 1]);
    expect(Array.from(rowSums(weights, 2))).toEqual([1, 1]);
    expect(summarizeMasking(weights, mask, 2)).toEqual({
      maskedCount: 1,
      largestMaskedWeight: 0,
      rowsWithKeys: 2,
      smallestRowSum: 1,
      largestRowSum: 1,
      fullyMaskedRows: [],
      largestEmptyRowSum: 0,
    });
    const leaky = summarizeMasking(Float64Array.from([0.9, 0.1, 0, 0]), Float64Array.from([1, 0, 0, 0]), 2);
    expect(leaky.largestMaskedWeight).toBe(0.1);
    expect(leaky.fullyMaskedRows).toEqual([1]);
  });

  const config: ModelConfig = { ...DEFAULT_CONFIG, seqLen: 5, mask: 'custom' };

  it('on the Float64 reference: masked weights exactly 0, rows sum to 1, the empty row to 0', () => {
    const trace = referenceForward(request(config, PAINTED_5), createWeights(config.seed, config.dModel, config.numLayers));
    for (const layer of trace.layers) {
      for (let head = 0; head < config.numHeads; head++) {
        const summary = summarizeMasking(layer.attentionWeights.data, trace.mask.data, 5, head * 25);
        expect(summary.maskedCount).toBe(12);
        expect(summary.largestMaskedWeight).toBe(0);
        expect(summary.fullyMaskedRows).toEqual([1]);
        expect(summary.largestEmptyRowSum).toBe(0);
        expect(Math.abs(summary.smallestRowSum - 1)).toBeLessThan(1e-14);
        expect(Math.abs(summary.largestRowSum - 1)).toBeLessThan(1e-14);
      }
    }
  });

  describe('on the TF.js model (cpu backend)', () => {
    const model = new TransformerModel();
    beforeAll(async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    });
    afterAll(() => model.dispose());

    it('matches: masked weights exactly 0 in float32 too, sums within 1e-6', async () => {
      for (const [mode, customMask] of [['custom', PAINTED_5], ['causal', undefined]] as const) {
        const { trace } = await model.forward(request({ ...config, mask: mode }, customMask));
        const summary = summarizeMasking(trace.layers[1].attentionWeights.data, trace.mask.data, 5, 0);
        expect(summary.largestMaskedWeight).toBe(0);
        expect(Math.abs(summary.smallestRowSum - 1)).toBeLessThan(1e-6);
        expect(Math.abs(summary.largestRowSum - 1)).toBeLessThan(1e-6);
        expect(summary.fullyMaskedRows).toEqual(mode === 'custom' ? [1] : []);
        expect(summary.maskedCount).toBe(mode === 'custom' ? 12 : 10);
      }
    });
  });
});
