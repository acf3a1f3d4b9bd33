// The reference is the oracle for the TF.js model, so it is checked here against facts
// that do not come from itself: values worked out by hand, and properties that any
// correct transformer must have (rows of attention sum to 1, masked keys get exactly 0,
// causal outputs ignore later tokens, ...).

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LAYER_NORM_EPSILON, MASK_VALUE, type ModelConfig } from '../model/config';
import { tokenize } from '../model/tokenizer';
import type { ForwardRequest, TensorData } from '../model/trace';
import { createWeights, embedTokens, type LayerWeights } from '../model/weights';
import { buildMask, layerNorm, positionalEncoding, referenceForward, referenceLayer } from './referenceTransformer';

const f32 = (values: number[]) => Float32Array.from(values);

/** Element [indices] of a row-major tensor. */
function at(tensor: TensorData, ...indices: number[]): number {
  let offset = 0;
  indices.forEach((index, axis) => (offset = offset * tensor.shape[axis] + index));
  return tensor.data[offset];
}

function request(config: ModelConfig, text: string): ForwardRequest {
  const { tokens, isPadding } = tokenize(text, config.seqLen);
  return { config, tokens, isPadding };
}

function run(config: ModelConfig, text: string) {
  return referenceForward(request(config, text), createWeights(config.seed, config.dModel, config.numLayers));
}

describe('hand-computed block, d = 2, one head, n = 2', () => {
  // x = [[1, 3], [3, 1]]. LN₁ (gain 1, bias 0): both rows have mean 2, variance 1, so
  //   LN₁(x) = [[−a, a], [a, −a]] with a = 1/√(1 + ε).
  // W_Q = W_K = I → q = k = LN₁(x). W_V = [[1, 1], [0, 1]] → v₀ = [−a, 0], v₁ = [a, 0].
  // Raw scores q_i·k_j = [[2a², −2a²], [−2a², 2a²]]; scaled by 1/√2 → ±√2·a².
  // Softmax row 0 = [p, 1 − p] with p = 1/(1 + e^(−2√2·a²)); row 1 = [1 − p, p].
  // Head outputs: row 0 = p·v₀ + (1 − p)·v₁ = [a(1 − 2p), 0]; row 1 = [a(2p − 1), 0].
  // W_O = [[2, 0], [0, 1]] → attention output row 0 = [2a(1 − 2p), 0], row 1 = [2a(2p − 1), 0].
  // residual₁ = x + that. LN₂ has gain 0, bias [1, −1] → [1, −1] for every token.
  // FFN: W₁ columns 0, 1, 2 = [1, 0], [0, 1], [1, 1]; b₁[2] = 0.5, b₁[3] = −2:
  //   pre-activation [1, −1, 0.5, −2, 0, 0, 0, 0] → ReLU → [1, 0, 0.5, 0, 0, 0, 0, 0].
  // W₂ rows 0, 1, 2 = [1, 2], [100, 100], [4, 0]; b₂ = [0.25, 0]:
  //   ffnOutput = 1·[1, 2] + 0·[100, 100] + 0.5·[4, 0] + [0.25, 0] = [3.25, 2].
  // output = residual₁ + [3.25, 2].
  const d = 2;
  const dFF = 8;
  const a = 1 / Math.sqrt(1 + LAYER_NORM_EPSILON);
  const x = Float64Array.from([1, 3, 3, 1]);
  const ffnWeights1 = new Float32Array(d * dFF); // [2, 8]
  ffnWeights1[0 * dFF + 0] = 1;
  ffnWeights1[1 * dFF + 1] = 1;
  ffnWeights1[0 * dFF + 2] = 1;
  ffnWeights1[1 * dFF + 2] = 1;
  const ffnBias1 = new Float32Array(dFF);
  ffnBias1[2] = 0.5;
  ffnBias1[3] = -2;
  const ffnWeights2 = new Float32Array(dFF * d); // [8, 2]
  ffnWeights2.set([1, 2], 0);
  ffnWeights2.set([100, 100], 2);
  ffnWeights2.set([4, 0], 4);
  const layer: LayerWeights = {
    queryWeights: f32([1, 0, 0, 1]),
    keyWeights: f32([1, 0, 0, 1]),
    valueWeights: f32([1, 1, 0, 1]),
    outputWeights: f32([2, 0, 0, 1]),
    norm1Gain: f32([1, 1]),
    norm1Bias: f32([0, 0]),
    norm2Gain: f32([0, 0]),
    norm2Bias: f32([1, -1]),
    ffnWeights1,
    ffnBias1,
    ffnWeights2,
    ffnBias2: f32([0.25, 0]),
  };
  const shape = { dModel: d, numHeads: 1, seqLen: 2, scaleScores: true };
  const noMask = Float64Array.from([1, 1, 1, 1]);
  const p = 1 / (1 + Math.exp(-2 * Math.SQRT2 * a * a));

  it('matches every intermediate worked out above', () => {
    const t = referenceLayer(x, noMask, layer, shape);
    const close = (actual: Float64Array, expected: number[]) => {
      expect(actual.length).toBe(expected.length);
      expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 12));
    };
    close(t.norm1.mean.data, [2, 2]);
    close(t.norm1.variance.data, [1, 1]);
    close(t.norm1.output.data, [-a, a, a, -a]);
    close(t.queries.data, [-a, a, a, -a]);
    close(t.values.data, [-a, 0, a, 0]);
    close(t.rawScores.data, [2 * a * a, -2 * a * a, -2 * a * a, 2 * a * a]);
    close(t.scaledScores.data, [Math.SQRT2 * a * a, -Math.SQRT2 * a * a, -Math.SQRT2 * a * a, Math.SQRT2 * a * a]);
    close(t.maskedScores.data, Array.from(t.scaledScores.data));
    close(t.attentionWeights.data, [p, 1 - p, 1 - p, p]);
    close(t.headOutputs.data, [a * (1 - 2 * p), 0, a * (2 * p - 1), 0]);
    close(t.attentionOutput.data, [2 * a * (1 - 2 * p), 0, 2 * a * (2 * p - 1), 0]);
    const residual = [1 + 2 * a * (1 - 2 * p), 3, 3 + 2 * a * (2 * p - 1), 1];
    close(t.residual1.data, residual);
    close(t.norm2.mean.data, [(residual[0] + residual[1]) / 2, (residual[2] + residual[3]) / 2]);
    close(t.norm2.output.data, [1, -1, 1, -1]);
    close(t.ffnHidden.data, [1, 0, 0.5, 0, 0, 0, 0, 0, 1, 0, 0.5, 0, 0, 0, 0, 0]);
    close(t.ffnOutput.data, [3.25, 2, 3.25, 2]);
    close(t.output.data, [residual[0] + 3.25, 5, residual[2] + 3.25, 3]);
    // Sanity on the hand numbers themselves: a ≈ 1, p ≈ 0.944.
    expect(p).toBeCloseTo(0.94417, 4);
  });

  it('with a causal mask, token 0 attends only to itself', () => {
    // Row 0 loses key 1: its weights become exactly [1, 0] and its output is v₀ = [−a, 0].
    // Row 1 may see both keys, so it is unchanged.
    const t = referenceLayer(x, buildMask('causal', [false, false]), layer, shape);
    expect(Array.from(t.maskedScores.data)).toEqual([
      Math.SQRT2 * a * a,
      -Math.SQRT2 * a * a + MASK_VALUE,
      -Math.SQRT2 * a * a,
      Math.SQRT2 * a * a,
    ]);
    expect(t.attentionWeights.data[0]).toBe(1);
    expect(t.attentionWeights.data[1]).toBe(0);
    expect(t.attentionWeights.data[2]).toBeCloseTo(1 - p, 12);
    expect(t.headOutputs.data[0]).toBeCloseTo(-a, 12);
  });

  it('without scaling, the softmax sees the raw scores ±2a²', () => {
    const t = referenceLayer(x, noMask, layer, { ...shape, scaleScores: false });
    const pUnscaled = 1 / (1 + Math.exp(-4 * a * a));
    expect(Array.from(t.scaledScores.data)).toEqual(Array.from(t.rawScores.data));
    expect(t.attentionWeights.data[0]).toBeCloseTo(pUnscaled, 12);
  });
});

describe('head layout, d = 4, two heads', () => {
  it('head k owns columns k·dk … k·dk + dk − 1, and concatenation puts them back', () => {
    // W_Q = W_K = W_V = W_O = I, so queries are LN₁(x) cut into two [n, 2] halves.
    const identity = f32([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const layer: LayerWeights = {
      ...createWeights(1, 4, 1).layers[0],
      queryWeights: identity,
      keyWeights: identity,
      valueWeights: identity,
      outputWeights: identity,
    };
    const x = Float64Array.from([1, 2, 4, 8, -3, 0, 5, 1, 2, 2, 7, -1]); // n = 3
    const t = referenceLayer(x, buildMask('causal', [false, false, false]), layer, {
      dModel: 4,
      numHeads: 2,
      seqLen: 3,
      scaleScores: true,
    });
    expect(t.queries.shape).toEqual([2, 3, 2]);
    for (let head = 0; head < 2; head++) {
      for (let token = 0; token < 3; token++) {
        for (let c = 0; c < 2; c++) {
          const column = head * 2 + c;
          expect(at(t.queries, head, token, c)).toBe(at(t.norm1.output, token, column));
          expect(at(t.concatenatedHeads, token, column)).toBe(at(t.headOutputs, head, token, c));
        }
        // Token 0 sees only itself under the causal mask, so its output is its own value.
        if (token === 0) {
          for (let c = 0; c < 2; c++) expect(at(t.headOutputs, head, 0, c)).toBe(at(t.values, head, 0, c));
        }
      }
    }
    // W_O = I: the attention output is the concatenation itself.
    expect(Array.from(t.attentionOutput.data)).toEqual(Array.from(t.concatenatedHeads.data));
  });
});

describe('building blocks', () => {
  it('positional encoding: position 0 is [0, 1, 0, 1, …]; position p follows sin/cos', () => {
    const pe = positionalEncoding(3, 8);
    expect(Array.from(pe.subarray(0, 8))).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    // Pair i turns at angle p / 10000^(2i/8): 1, 0.1, 0.01, 0.001 for p = 1.
    const expected1 = [1, 0.1, 0.01, 0.001].flatMap((angle) => [Math.sin(angle), Math.cos(angle)]);
    expected1.forEach((value, c) => expect(pe[8 + c]).toBeCloseTo(value, 14));
    expect(pe[16 + 2]).toBeCloseTo(Math.sin(0.2), 14);
  });

  it('LayerNorm of [1, 2, 3, 4]: mean 2.5, biased variance 1.25', () => {
    const norm = layerNorm([1, 2, 3, 4], 1, 4, [1, 1, 2, 1], [0, 0, 0, 10]);
    expect(norm.mean.data[0]).toBe(2.5);
    expect(norm.variance.data[0]).toBe(1.25); // (2.25 + 0.25 + 0.25 + 2.25) / 4
    const s = Math.sqrt(1.25 + LAYER_NORM_EPSILON);
    [-1.5 / s, -0.5 / s, (2 * 0.5) / s, 1.5 / s + 10].forEach((value, c) =>
      expect(norm.output.data[c]).toBeCloseTo(value, 14),
    );
    expect(norm.mean.shape).toEqual([1]);
    expect(norm.output.shape).toEqual([1, 4]);
  });

  it('masks: none, causal, padding (padding query rows too), all-padding left open', () => {
    expect(Array.from(buildMask('none', [false, true]))).toEqual([1, 1, 1, 1]);
    expect(Array.from(buildMask('causal', [false, false, false]))).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
    expect(Array.from(buildMask('padding', [false, false, true]))).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
    expect(Array.from(buildMask('padding', [true, true]))).toEqual([1, 1, 1, 1]);
  });
});

describe('full forward pass on seeded weights', () => {
  const config: ModelConfig = { dModel: 16, numHeads: 4, seqLen: 6, numLayers: 4, scaleScores: true, mask: 'none', tie: 'none', positional: true, seed: 7 };

  it('has the documented shapes, all float64', () => {
    const trace = run(config, 'hey');
    const [n, d, h, dk, dFF] = [6, 16, 4, 4, 64];
    expect(trace.mask.shape).toEqual([n, n]);
    expect(trace.embeddings.shape).toEqual([n, d]);
    expect(trace.positionalEncoding.shape).toEqual([n, d]);
    expect(trace.input.shape).toEqual([n, d]);
    expect(trace.layers).toHaveLength(4);
    for (const layer of trace.layers) {
      expect(layer.input.shape).toEqual([n, d]);
      for (const norm of [layer.norm1, layer.norm2]) {
        expect(norm.mean.shape).toEqual([n]);
        expect(norm.variance.shape).toEqual([n]);
        expect(norm.output.shape).toEqual([n, d]);
      }
      for (const t of [layer.queries, layer.keys, layer.values, layer.headOutputs]) expect(t.shape).toEqual([h, n, dk]);
      for (const t of [layer.rawScores, layer.scaledScores, layer.maskedScores, layer.attentionWeights]) {
        expect(t.shape).toEqual([h, n, n]);
      }
      for (const t of [layer.concatenatedHeads, layer.attentionOutput, layer.residual1, layer.ffnOutput, layer.output]) {
        expect(t.shape).toEqual([n, d]);
      }
      expect(layer.ffnHidden.shape).toEqual([n, dFF]);
      expect(layer.output.data).toBeInstanceOf(Float64Array);
    }
    expect(trace.finalNorm.mean.shape).toEqual([n]);
    expect(trace.finalNorm.output.shape).toEqual([n, d]);
    for (let layer = 1; layer < 4; layer++) {
      expect(Array.from(trace.layers[layer].input.data)).toEqual(Array.from(trace.layers[layer - 1].output.data));
    }
  });

  it('input = the given token embeddings + positional encoding', () => {
    const req = request(config, 'hey');
    const trace = referenceForward(req, createWeights(config.seed, 16, 4));
    expect(Array.from(trace.embeddings.data)).toEqual(Array.from(embedTokens(req.tokens, config.seed, 16)));
    expect(Array.from(trace.positionalEncoding.data.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    trace.input.data.forEach((value, i) =>
      expect(value).toBe(trace.embeddings.data[i] + trace.positionalEncoding.data[i]),
    );
    expect(Array.from(trace.layers[0].input.data)).toEqual(Array.from(trace.input.data));
  });

  it('attention rows sum to 1 and masked keys get exactly 0', () => {
    for (const mask of ['none', 'causal', 'padding'] as const) {
      const trace = run({ ...config, mask }, 'hey'); // 3 characters + 3 padding tokens
      const n = config.seqLen;
      for (const layer of trace.layers) {
        for (let head = 0; head < config.numHeads; head++) {
          for (let i = 0; i < n; i++) {
            let sum = 0;
            for (let j = 0; j < n; j++) {
              const weight = at(layer.attentionWeights, head, i, j);
              sum += weight;
              const masked = (mask === 'causal' && j > i) || (mask === 'padding' && j >= 3);
              if (masked) {
                expect(weight).toBe(0);
                expect(at(layer.maskedScores, head, i, j)).toBe(at(layer.scaledScores, head, i, j) + MASK_VALUE);
              } else {
                expect(weight).toBeGreaterThan(0);
                expect(at(layer.maskedScores, head, i, j)).toBe(at(layer.scaledScores, head, i, j));
              }
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          }
        }
      }
    }
  });

  it('all-padding input under the padding mask stays finite and masks nothing', () => {
    const trace = run({ ...config, mask: 'padding' }, '');
    expect(Array.from(trace.mask.data).every((value) => value === 1)).toBe(true);
    expect(Array.from(trace.finalNorm.output.data).every(Number.isFinite)).toBe(true);
  });

  it('scaled scores are raw / √dk when scaling is on, equal to raw when off', () => {
    const on = run(config, 'scale').layers[1];
    on.rawScores.data.forEach((raw, i) => expect(on.scaledScores.data[i]).toBeCloseTo(raw / 2, 13)); // √4 = 2
    const off = run({ ...config, scaleScores: false }, 'scale').layers[1];
    expect(Array.from(off.scaledScores.data)).toEqual(Array.from(off.rawScores.data));
    expect(off.scaledScores.data).not.toBe(off.rawScores.data); // a copy, not the same array
  });

  it('LayerNorm with gain 1, bias 0 gives mean 0 and variance v / (v + ε) ≈ 1 per token', () => {
    const trace = run(config, 'norms');
    const d = config.dModel;
    for (const norm of [trace.layers[0].norm1, trace.layers[2].norm2, trace.finalNorm]) {
      for (let t = 0; t < config.seqLen; t++) {
        const row = Array.from(norm.output.data.subarray(t * d, (t + 1) * d));
        const mean = row.reduce((s, v) => s + v, 0) / d;
        const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
        const v = norm.variance.data[t];
        expect(Math.abs(mean)).toBeLessThan(1e-12);
        expect(variance).toBeCloseTo(v / (v + LAYER_NORM_EPSILON), 12);
        expect(Math.abs(variance - 1)).toBeLessThan(1e-3);
      }
    }
  });

  it('causal: earlier positions do not depend on later tokens', () => {
    const causal = { ...config, mask: 'causal' as const };
    const a = run(causal, 'abcdef');
    const b = run(causal, 'abcdXY');
    const prefix = 4 * config.dModel; // positions 0–3 are identical text
    expect(Array.from(b.finalNorm.output.data.subarray(0, prefix))).toEqual(
      Array.from(a.finalNorm.output.data.subarray(0, prefix)),
    );
    expect(b.finalNorm.output.data[prefix]).not.toBe(a.finalNorm.output.data[prefix]);
  });

  it('padding: real tokens do not depend on what the padding tokens are', () => {
    const padded = { ...config, mask: 'padding' as const };
    const weights = createWeights(padded.seed, padded.dModel, padded.numLayers);
    const base = request(padded, 'abc');
    const altered = { ...base, tokens: [...base.tokens.slice(0, 3), 'x', 'y', 'z'] };
    const a = referenceForward(base, weights).finalNorm.output.data;
    const b = referenceForward(altered, weights).finalNorm.output.data;
    const real = 3 * config.dModel;
    expect(Array.from(b.subarray(0, real))).toEqual(Array.from(a.subarray(0, real)));
  });

  it('tied W_K = W_Q: every score matrix is symmetric; tied W_V = W_Q: values equal queries', () => {
    const n = config.seqLen;
    const qk = run({ ...config, tie: 'qk' }, 'abcdef');
    for (const layer of qk.layers) {
      for (let head = 0; head < config.numHeads; head++) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            expect(layer.rawScores.data[head * n * n + i * n + j]).toBe(layer.rawScores.data[head * n * n + j * n + i]);
          }
        }
      }
      expect(Array.from(layer.keys.data)).toEqual(Array.from(layer.queries.data));
    }
    const qkv = run({ ...config, tie: 'qkv' }, 'abcdef');
    for (const layer of qkv.layers) expect(Array.from(layer.values.data)).toEqual(Array.from(layer.queries.data));
  });

  it('painted mask: a row with every key masked gets weights 0 and attention output 0', () => {
    const n = config.seqLen;
    const customMask = '1'.repeat(2 * n) + '0'.repeat(n) + '1'.repeat(3 * n);
    const painted = { ...config, mask: 'custom' as const };
    const trace = referenceForward({ ...request(painted, 'abcdef'), customMask }, createWeights(painted.seed, painted.dModel, painted.numLayers));
    for (const layer of trace.layers) {
      for (let head = 0; head < config.numHeads; head++) {
        const row = layer.attentionWeights.data.subarray((head * n + 2) * n, (head * n + 3) * n);
        expect(Array.from(row)).toEqual(new Array(n).fill(0));
      }
      const d = config.dModel;
      expect(Array.from(layer.attentionOutput.data.subarray(2 * d, 3 * d)).every((value) => value === 0)).toBe(true);
      // Row 2's block output is its input plus the FFN: attention added nothing.
      for (let c = 0; c < d; c++) expect(layer.residual1.data[2 * d + c]).toBe(layer.input.data[2 * d + c]);
    }
  });

  it('uses the first numLayers layers of weights made for more', () => {
    const small = { ...DEFAULT_CONFIG, numLayers: 2 };
    const req = request(small, 'layers');
    const exact = referenceForward(req, createWeights(small.seed, small.dModel, 2));
    const extra = referenceForward(req, createWeights(small.seed, small.dModel, 6));
    expect(extra.layers).toHaveLength(2);
    expect(Array.from(extra.finalNorm.output.data)).toEqual(Array.from(exact.finalNorm.output.data));
  });

  it('rejects inputs that do not fit the config', () => {
    const req = request(config, 'abc');
    expect(() => referenceForward({ ...req, tokens: req.tokens.slice(1) }, createWeights(7, 16, 4))).toThrow();
    expect(() => referenceForward(req, createWeights(7, 32, 4))).toThrow();
    expect(() => referenceForward(req, createWeights(7, 16, 2))).toThrow();
  });
});
