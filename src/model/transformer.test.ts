// The TF.js model (CPU backend, in Node) against the independent Float64 reference:
// every intermediate of the trace, for configs that cover the masks, scaling, depth,
// head counts and scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { TransformerModel } from './transformer';
import { createWeights } from './weights';
import { tokenize } from './tokenizer';
import { DEFAULT_CONFIG, type ModelConfig } from './config';
import { listTraceTensors, type ForwardRequest } from './trace';
import { referenceForward } from '../reference/referenceTransformer';
import { compareTraces, TOLERANCES } from '../reference/compareTraces';

// A 6 × 6 painted mask: row 2 fully masked, a few scattered cells masked elsewhere.
const PAINTED_6 = ['110111', '011110', '000000', '111011', '100001', '111111'].join('');

const cases: { name: string; text: string; config: Partial<ModelConfig>; customMask?: string }[] = [
  { name: 'default, CJK', text: '大模型是个潜力股', config: {} },
  { name: 'causal mask, ASCII, 4 layers', text: 'attention!', config: { mask: 'causal', numLayers: 4, seqLen: 10 } },
  { name: 'padding mask with padding', text: '我爱学习', config: { mask: 'padding', seqLen: 8 } },
  { name: 'unscaled, 1 layer, 1 head', text: 'hello world', config: { scaleScores: false, numLayers: 1, numHeads: 1, seqLen: 11 } },
  { name: 'd_model 128, 8 heads, truncated', text: 'The quick brown fox jumps over the lazy dog', config: { dModel: 128, numHeads: 8, seqLen: 16 } },
  { name: 'tiny d_model 8, 8 heads (d_k = 1), emoji', text: '👩🏽‍💻é😀', config: { dModel: 8, numHeads: 8, seqLen: 5, mask: 'causal' } },
  { name: 'tied W_Q = W_K', text: '我爱学习注意力', config: { tie: 'qk', seqLen: 7 } },
  { name: 'tied W_Q = W_K = W_V, causal', text: 'tied values', config: { tie: 'qkv', mask: 'causal', seqLen: 11, numLayers: 3 } },
  { name: 'no positional encoding', text: '注意力机制', config: { positional: false, seqLen: 5 } },
  { name: 'painted mask with a fully masked row', text: '大模型是个潜', config: { mask: 'custom', seqLen: 6 }, customMask: PAINTED_6 },
];

function requestFor(text: string, config: ModelConfig, customMask?: string): ForwardRequest {
  const { tokens, isPadding } = tokenize(text, config.seqLen);
  return { config, tokens, isPadding, customMask };
}

describe('TF.js transformer vs Float64 reference (cpu backend)', () => {
  const model = new TransformerModel();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterAll(() => model.dispose());

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const config = { ...DEFAULT_CONFIG, ...testCase.config };
      const request = requestFor(testCase.text, config, testCase.customMask);
      const { trace, nonFiniteCount, attentionPeaks } = await model.forward(request);
      const reference = referenceForward(request, createWeights(config.seed, config.dModel, config.numLayers));
      expect(nonFiniteCount).toBe(0);
      // The colour scale's top per layer: the largest weight of the reference, within float32 rounding.
      expect(attentionPeaks).toHaveLength(config.numLayers);
      reference.layers.forEach((layer, index) => {
        expect(attentionPeaks[index]).toBeCloseTo(Math.max(...layer.attentionWeights.data), 5);
      });
      const report = compareTraces(trace, reference);
      for (const row of report) {
        expect.soft(row.maxAbsError, `${row.name} (tolerance ${row.tolerance})`).toBeLessThanOrEqual(row.tolerance);
      }
      expect(report.length).toBe(listTraceTensors(reference).length);
    });
  }

  it('creates no tensors that outlive a forward pass', async () => {
    const config = { ...DEFAULT_CONFIG, mask: 'causal' as const };
    await model.forward(requestFor('warm up', config)); // weights are made once
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.forward(requestFor(`text ${i}`, config));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives bit-identical results for the same seed and different results for another', async () => {
    const config = { ...DEFAULT_CONFIG };
    const first = (await model.forward(requestFor('大模型', config))).trace.layers[1].attentionWeights.data.slice();
    const again = (await model.forward(requestFor('大模型', config))).trace.layers[1].attentionWeights.data;
    expect(Array.from(again)).toEqual(Array.from(first));
    const other = (await model.forward(requestFor('大模型', { ...config, seed: 7 }))).trace.layers[1].attentionWeights.data;
    expect(Array.from(other)).not.toEqual(Array.from(first));
  });

  it('masks exactly: causal weights above the diagonal are 0 and rows sum to 1', async () => {
    const config = { ...DEFAULT_CONFIG, mask: 'causal' as const };
    const { trace } = await model.forward(requestFor('大模型是个潜力股', config));
    const n = config.seqLen;
    for (const layer of trace.layers) {
      const weights = layer.attentionWeights.data;
      for (let head = 0; head < config.numHeads; head++) {
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const w = weights[head * n * n + i * n + j];
            if (j > i) expect(w).toBe(0);
            sum += w;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('tied W_Q = W_K makes every head\'s score matrix exactly symmetric', async () => {
    const config = { ...DEFAULT_CONFIG, tie: 'qk' as const };
    const { trace } = await model.forward(requestFor('大模型是个潜力股', config));
    const n = config.seqLen;
    const scores = trace.layers[0].rawScores.data;
    for (let head = 0; head < config.numHeads; head++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          const a = scores[head * n * n + i * n + j];
          const b = scores[head * n * n + j * n + i];
          expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(a)));
        }
      }
    }
  });

  it('gives a fully masked row weights 0 (no NaN) and keeps other rows summing to 1', async () => {
    const config = { ...DEFAULT_CONFIG, mask: 'custom' as const, seqLen: 6 };
    const { trace, nonFiniteCount } = await model.forward(requestFor('大模型是个潜', config, PAINTED_6));
    expect(nonFiniteCount).toBe(0);
    const n = 6;
    for (const layer of trace.layers) {
      for (let head = 0; head < config.numHeads; head++) {
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const weight = layer.attentionWeights.data[head * n * n + i * n + j];
            if (PAINTED_6[i * n + j] === '0') expect(weight).toBe(0);
            sum += weight;
          }
          expect(Math.abs(sum - (i === 2 ? 0 : 1))).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('refuses a painted mask of the wrong size', async () => {
    const config = { ...DEFAULT_CONFIG, mask: 'custom' as const, seqLen: 6 };
    await expect(model.forward(requestFor('abc', config, '1111'))).rejects.toThrow(/6 × 6/);
  });

  it('rejects invalid configs with a clear message', async () => {
    const config = { ...DEFAULT_CONFIG, numHeads: 3 };
    await expect(model.forward(requestFor('abc', config))).rejects.toThrow(/heads/);
  });
});
