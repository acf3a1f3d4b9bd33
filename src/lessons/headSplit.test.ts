// The heads lesson's arithmetic against the Float64 reference transformer (tolerance
// 1e-12) and against the TF.js model on the cpu backend (float32: 1e-5), for the head
// counts at the edges: h = 1, d_k = 1, and the usual ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { TransformerModel } from '../model/transformer';
import { createWeights } from '../model/weights';
import { tokenize } from '../model/tokenizer';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import type { ForwardRequest, ForwardTrace, LayerTrace } from '../model/trace';
import { referenceForward } from '../reference/referenceTransformer';
import {
  distinctProjectionMatrices,
  headColumnRanges,
  headOfColumn,
  headWidthOf,
  multiply,
  outputProjection,
  projectionWeights,
  recomposeHeads,
  splitCost,
  splitIntoHeads,
  type Projection,
} from './headSplit';

/** Largest |a − b| / (1 + |b|), as compareTraces measures it. */
function maxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
    if (!(error <= worst)) worst = error; // NaN wins, so it fails loudly
  }
  return worst;
}

const cases: { name: string; text: string; config: Partial<ModelConfig> }[] = [
  { name: 'default d_model 64, h 4 (d_k 16)', text: '大模型是个潜力股', config: {} },
  { name: 'h = 1 (one head of d_k = d_model)', text: 'hello', config: { numHeads: 1, seqLen: 5 } },
  { name: 'd_k = 1 (d_model 8, h 8), causal', text: '我爱学习', config: { dModel: 8, numHeads: 8, seqLen: 4, mask: 'causal' } },
  { name: 'd_model 32, h 16 (d_k 2), 3 layers, unscaled', text: 'multi-head', config: { dModel: 32, numHeads: 16, seqLen: 10, numLayers: 3, scaleScores: false } },
  { name: 'tied W_K = W_V = W_Q, h 2', text: 'tie', config: { numHeads: 2, seqLen: 3, tie: 'qkv' } },
];

function requestFor(text: string, partial: Partial<ModelConfig>): ForwardRequest {
  const config = { ...DEFAULT_CONFIG, ...partial };
  const { tokens, isPadding } = tokenize(text, config.seqLen);
  return { config, tokens, isPadding };
}

const PROJECTIONS: { projection: Projection; traceName: 'queries' | 'keys' | 'values' }[] = [
  { projection: 'query', traceName: 'queries' },
  { projection: 'key', traceName: 'keys' },
  { projection: 'value', traceName: 'values' },
];

/** Every readout of the lesson for one layer, checked against that layer of a trace; returns the worst error. */
function checkLayer(layer: LayerTrace, request: ForwardRequest, layerIndex: number, tolerance: number): number {
  const { dModel, numHeads, seqLen: n, seed, numLayers, tie } = request.config;
  const dK = headWidthOf(dModel, numHeads);
  const weights = createWeights(seed, dModel, numLayers).layers[layerIndex];
  let worst = 0;
  const track = (label: string, error: number) => {
    expect.soft(error, label).toBeLessThanOrEqual(tolerance);
    worst = Math.max(worst, error);
  };
  for (const { projection, traceName } of PROJECTIONS) {
    const perHead = layer[traceName].data;
    const recomposed = recomposeHeads(perHead, n, numHeads, dK);
    // The projected matrix recomposed from the heads is X·W with X = LN₁(x).
    const projected = multiply(layer.norm1.output.data, projectionWeights(weights, projection, tie), n, dModel, dModel);
    track(`recomposed ${traceName} = LN₁(x)·W`, maxError(recomposed, projected));
    // Cutting X·W into heads gives the trace's per-head tensor.
    track(`split(LN₁(x)·W) = ${traceName}`, maxError(splitIntoHeads(projected, n, dModel, numHeads), perHead));
  }
  // The concatenation is the head outputs side by side, and Concat·W_O is the attention output.
  track('recompose(headOutputs) = concatenatedHeads', maxError(recomposeHeads(layer.headOutputs.data, n, numHeads, dK), layer.concatenatedHeads.data));
  track('Concat·W_O = attentionOutput', maxError(outputProjection(layer.concatenatedHeads.data, weights.outputWeights, n, dModel), layer.attentionOutput.data));
  return worst;
}

function checkTrace(trace: ForwardTrace, request: ForwardRequest, tolerance: number): number {
  return Math.max(...trace.layers.map((layer, index) => checkLayer(layer, request, index, tolerance)));
}

describe('head column ranges', () => {
  it('cuts d_model into h consecutive slices of d_k columns', () => {
    expect(headColumnRanges(64, 4)).toEqual([
      { head: 0, start: 0, end: 16 },
      { head: 1, start: 16, end: 32 },
      { head: 2, start: 32, end: 48 },
      { head: 3, start: 48, end: 64 },
    ]);
    expect(headColumnRanges(8, 8).map(({ start, end }) => end - start)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(headColumnRanges(512, 1)).toEqual([{ head: 0, start: 0, end: 512 }]);
  });

  it('tells which head owns each column, and its index inside the head', () => {
    expect(headOfColumn(0, 64, 4)).toEqual({ head: 0, indexInHead: 0 });
    expect(headOfColumn(15, 64, 4)).toEqual({ head: 0, indexInHead: 15 });
    expect(headOfColumn(16, 64, 4)).toEqual({ head: 1, indexInHead: 0 });
    expect(headOfColumn(37, 64, 4)).toEqual({ head: 2, indexInHead: 5 });
    expect(headOfColumn(63, 64, 4)).toEqual({ head: 3, indexInHead: 15 });
    expect(headOfColumn(5, 8, 8)).toEqual({ head: 5, indexInHead: 0 });
    expect(headOfColumn(300, 512, 1)).toEqual({ head: 0, indexInHead: 300 });
    // Every column is owned by exactly the head whose range holds it.
    for (const [dModel, heads] of [[64, 4], [32, 16], [128, 8]]) {
      for (const { head, start, end } of headColumnRanges(dModel, heads)) {
        for (let column = start; column < end; column++) expect(headOfColumn(column, dModel, heads)).toEqual({ head, indexInHead: column - start });
      }
    }
  });

  it('refuses head counts that do not divide d_model and columns out of range', () => {
    expect(() => headColumnRanges(64, 3)).toThrow(/must divide/);
    expect(() => headColumnRanges(8, 16)).toThrow(/must divide/);
    expect(() => headOfColumn(64, 64, 4)).toThrow(/outside/);
    expect(() => headOfColumn(-1, 64, 4)).toThrow(/outside/);
  });
});

describe('split and recompose', () => {
  const rows = 3;
  const dModel = 8;
  const matrix = Float64Array.from({ length: rows * dModel }, (_, i) => i + 0.5);

  it('round-trips for every head count that divides d_model', () => {
    for (const heads of [1, 2, 4, 8]) {
      const perHead = splitIntoHeads(matrix, rows, dModel, heads);
      expect(perHead.length).toBe(rows * dModel);
      expect(Array.from(recomposeHeads(perHead, rows, heads, dModel / heads))).toEqual(Array.from(matrix));
      // and the other way round
      expect(Array.from(splitIntoHeads(recomposeHeads(perHead, rows, heads, dModel / heads), rows, dModel, heads))).toEqual(Array.from(perHead));
    }
  });

  it('puts columns i·d_k … (i+1)·d_k − 1 in head i, row by row', () => {
    const perHead = splitIntoHeads(matrix, rows, dModel, 4); // d_k = 2
    // head 1, row 2 = matrix[2][2], matrix[2][3]
    expect(Array.from(perHead.subarray((1 * rows + 2) * 2, (1 * rows + 2) * 2 + 2))).toEqual([2 * 8 + 2 + 0.5, 2 * 8 + 3 + 0.5]);
    // d_k = 1: head i is column i
    const columns = splitIntoHeads(matrix, rows, dModel, 8);
    expect(Array.from(columns.subarray(5 * rows, 6 * rows))).toEqual([5.5, 13.5, 21.5]);
  });

  it('multiplies row-major matrices', () => {
    expect(Array.from(multiply([1, 2, 3, 4, 5, 6], [1, 0, 0, 1, 1, 1], 2, 3, 2))).toEqual([4, 5, 10, 11]);
  });
});

describe('what the split costs', () => {
  it('4 · d_model² weights and the same multiply-adds for every h', () => {
    for (const dModel of [8, 64, 512]) {
      const counts = [1, 2, 4, 8].map((heads) => splitCost(dModel, heads, 10));
      for (const cost of counts) {
        expect(cost.totalWeights).toBe(4 * dModel * dModel);
        expect(cost.qkvWeights).toBe(3 * dModel * dModel);
        expect(cost.outputWeights).toBe(dModel * dModel);
        expect(cost.projectionMultiplyAdds).toBe(4 * 10 * dModel * dModel);
        expect(cost.attentionMultiplyAdds).toBe(2 * 10 * 10 * dModel);
      }
    }
    expect(splitCost(64, 4, 8)).toMatchObject({ dK: 16, sliceWeights: 64 * 16 });
    expect(distinctProjectionMatrices('none')).toBe(4);
    expect(distinctProjectionMatrices('qk')).toBe(3);
    expect(distinctProjectionMatrices('qkv')).toBe(2);
  });
});

describe('against the Float64 reference transformer', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const request = requestFor(testCase.text, testCase.config);
      const { seed, dModel, numLayers } = request.config;
      const reference = referenceForward(request, createWeights(seed, dModel, numLayers));
      const worst = checkTrace(reference, request, 1e-12);
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('against the TF.js model (cpu backend, float32)', () => {
  const model = new TransformerModel();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterAll(() => model.dispose());

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const request = requestFor(testCase.text, testCase.config);
      const { trace } = await model.forward(request);
      const worst = checkTrace(trace, request, 1e-5);
      expect(worst).toBeLessThanOrEqual(1e-5);
    });
  }
});
