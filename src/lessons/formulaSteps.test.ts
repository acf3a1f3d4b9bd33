// The formula lesson's worked example against the model's own trace: the steps are
// recomputed from q, k, v and the mask alone, and must land on the trace's rawScores,
// scaledScores, maskedScores, attentionWeights and headOutputs, for every cell of every
// head of every layer, on the Float64 reference trace and on the TF.js (cpu, float32) one.
//
// Error measure, as in compareTraces: |step − trace| / (1 + |trace|), i.e. absolute for
// numbers below 1 and relative for large ones (masked scores near −10⁴).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../model/tf';
import { TransformerModel } from '../model/transformer';
import { createWeights } from '../model/weights';
import { tokenize } from '../model/tokenizer';
import { DEFAULT_CONFIG, MASK_VALUE, headWidth, type ModelConfig } from '../model/config';
import type { ForwardRequest, ForwardTrace } from '../model/trace';
import { referenceForward } from '../reference/referenceTransformer';
import {
  defaultCell,
  formatNumber,
  formatPowerOfTen,
  formatSquareRoot,
  formulaSteps,
  remainingContribution,
  shownContributionKeys,
  vectorHead,
} from './formulaSteps';

/** Tolerances of the recomputed steps against the trace they were computed from. */
const FLOAT64_TOLERANCE = 1e-12;
const FLOAT32_TOLERANCE = 1e-5;

const cases: { name: string; text: string; config: Partial<ModelConfig>; customMask?: string }[] = [
  { name: 'default (no mask, d_k = 16), CJK', text: '大模型是个潜力股', config: {} },
  { name: 'causal mask', text: 'attention!', config: { mask: 'causal', seqLen: 10 } },
  { name: 'padding mask with padding keys', text: '我爱学习', config: { mask: 'padding', seqLen: 7 } },
  { name: 'scaling off', text: 'hello world', config: { scaleScores: false, numLayers: 1, numHeads: 2, seqLen: 11 } },
  { name: 'd_k = 1 (d_model 8, 8 heads), causal', text: '大模型是个', config: { dModel: 8, numHeads: 8, seqLen: 5, mask: 'causal' } },
  { name: 'd_k = 128 (d_model 128, 1 head)', text: 'wide head', config: { dModel: 128, numHeads: 1, numLayers: 1, seqLen: 9 } },
  {
    name: 'painted mask with a row that may see nothing',
    text: 'abcd',
    config: { mask: 'custom', seqLen: 4, numLayers: 1 },
    customMask: '1000' + '0000' + '1110' + '0101',
  },
];

function requestFor(testCase: (typeof cases)[number]): ForwardRequest {
  const config = { ...DEFAULT_CONFIG, ...testCase.config };
  const { tokens, isPadding } = tokenize(testCase.text, config.seqLen);
  return { config, tokens, isPadding, customMask: testCase.customMask };
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / (1 + Math.abs(expected));

/** Largest error of the steps of every (layer, head, i, j) of a trace, per readout. */
function worstErrors(trace: ForwardTrace, config: ModelConfig) {
  const n = config.seqLen;
  const dk = headWidth(config);
  const worst = { dot: 0, scaled: 0, masked: 0, rowScores: 0, weights: 0, output: 0, internal: 0 };
  const note = (name: keyof typeof worst, error: number) => (worst[name] = Math.max(worst[name], error));
  trace.layers.forEach((layer) => {
    for (let head = 0; head < config.numHeads; head++) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const steps = formulaSteps({ layer, mask: trace.mask.data, head, row: i, col: j, scaleScores: config.scaleScores });
          const cell = (head * n + i) * n + j;
          note('dot', relativeError(steps.dot, layer.rawScores.data[cell]));
          note('scaled', relativeError(steps.scaled, layer.scaledScores.data[cell]));
          note('masked', relativeError(steps.masked, layer.maskedScores.data[cell]));
          note('weights', relativeError(steps.weight, layer.attentionWeights.data[cell]));
          for (let other = 0; other < n; other++) {
            const otherCell = (head * n + i) * n + other;
            note('rowScores', relativeError(steps.rowScores[other], layer.maskedScores.data[otherCell]));
            note('weights', relativeError(steps.weights[other], layer.attentionWeights.data[otherCell]));
          }
          for (let c = 0; c < dk; c++) {
            note('output', relativeError(steps.output[c], layer.headOutputs.data[(head * n + i) * dk + c]));
          }
          // The steps agree with themselves: products sum to the dot product, the scaled
          // score plus M is the masked one, exp terms over their sum are the weights.
          note('internal', relativeError(steps.products.reduce((sum, p) => sum + p, 0), steps.dot));
          note('internal', relativeError(steps.scaled + steps.maskTerm, steps.masked));
          if (steps.rowHasAllowedKey && steps.allowed) note('internal', relativeError(steps.expTerms[j] / steps.expSum, steps.weight));
        }
      }
    }
  });
  return worst;
}

describe('formulaSteps on the Float64 reference trace', () => {
  for (const testCase of cases) {
    it(`${testCase.name}: every step equals the trace within ${FLOAT64_TOLERANCE}`, () => {
      const request = requestFor(testCase);
      const { config } = request;
      const trace = referenceForward(request, createWeights(config.seed, config.dModel, config.numLayers));
      const worst = worstErrors(trace, config);
      for (const [name, error] of Object.entries(worst)) {
        expect(error, `${name}: largest error ${error}`).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
      }
    });
  }
});

describe('formulaSteps on the TF.js trace (cpu backend, float32)', () => {
  const model = new TransformerModel();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterAll(() => model.dispose());

  for (const testCase of cases) {
    it(`${testCase.name}: every step equals the trace within ${FLOAT32_TOLERANCE}`, async () => {
      const request = requestFor(testCase);
      const { trace } = await model.forward(request);
      const worst = worstErrors(trace, request.config);
      for (const [name, error] of Object.entries(worst)) {
        expect(error, `${name}: largest error ${error}`).toBeLessThanOrEqual(FLOAT32_TOLERANCE);
      }
    });
  }
});

describe('formulaSteps, one cell read closely', () => {
  const request = requestFor(cases[1]); // causal, n = 10
  const { config } = request;
  const trace = referenceForward(request, createWeights(config.seed, config.dModel, config.numLayers));
  const layer = trace.layers[0];
  const at = (row: number, col: number) => formulaSteps({ layer, mask: trace.mask.data, head: 1, row, col, scaleScores: true });

  it('divides by √d_k and adds 0 where the key is allowed', () => {
    const steps = at(6, 2);
    expect(steps.headWidth).toBe(16);
    expect(steps.divisor).toBe(4);
    expect(steps.allowed).toBe(true);
    expect(steps.maskTerm).toBe(0);
    expect(steps.scaled).toBeCloseTo(steps.dot / 4, 14);
    expect(steps.masked).toBe(steps.scaled);
  });

  it('adds the mask value above the diagonal, where the weight is exactly 0', () => {
    const steps = at(2, 6);
    expect(steps.allowed).toBe(false);
    expect(steps.maskTerm).toBe(MASK_VALUE);
    expect(steps.expTerms[6]).toBe(0);
    expect(steps.weight).toBe(0);
    expect(steps.contributions[6].weighted.every((value) => value === 0)).toBe(true);
  });

  it('softmax row sums to 1 and its largest score has exp term 1', () => {
    const steps = at(9, 0);
    expect(Math.abs(steps.rowSum - 1)).toBeLessThan(1e-14);
    expect(Math.max(...steps.expTerms)).toBe(1);
    expect(steps.rowMax).toBe(Math.max(...steps.rowScores));
  });

  it('the contributions add up to the output row', () => {
    const steps = at(9, 3);
    for (let c = 0; c < steps.headWidth; c++) {
      const sum = steps.contributions.reduce((total, contribution) => total + contribution.weighted[c], 0);
      expect(sum).toBeCloseTo(steps.output[c], 14);
    }
  });

  it('a row with no allowed key has weights and output all 0', () => {
    const painted = requestFor(cases[6]);
    const paintedTrace = referenceForward(painted, createWeights(painted.config.seed, painted.config.dModel, 1));
    const steps = formulaSteps({ layer: paintedTrace.layers[0], mask: paintedTrace.mask.data, head: 0, row: 1, col: 0, scaleScores: true });
    expect(steps.rowHasAllowedKey).toBe(false);
    expect(steps.rowSum).toBe(0);
    expect(steps.output.every((value) => value === 0)).toBe(true);
  });

  it('rejects a cell outside the matrix', () => {
    expect(() => at(10, 0)).toThrow(/outside/);
  });
});

describe('choices and text of the page', () => {
  it('starts on the last real token and the key it attends to most', () => {
    const weights = Float64Array.from([
      // head 0, 3 × 3
      1, 0, 0, 0.5, 0.5, 0, 0.2, 0.7, 0.1,
      // head 1
      1, 0, 0, 0.1, 0.9, 0, 0.3, 0.3, 0.4,
    ]);
    expect(defaultCell(weights, 0, [false, false, false])).toEqual({ row: 2, col: 1 });
    expect(defaultCell(weights, 1, [false, false, true])).toEqual({ row: 1, col: 1 });
    expect(defaultCell(weights, 1, [true, true, true])).toEqual({ row: 0, col: 0 });
  });

  it('shows every key when few, else the largest weights with the picked key, in order', () => {
    expect(shownContributionKeys([0.5, 0.5], 0, 4)).toEqual([0, 1]);
    expect(shownContributionKeys([0.1, 0.4, 0.05, 0.3, 0.15], 2, 3)).toEqual([1, 2, 3]);
    expect(shownContributionKeys([0.1, 0.4, 0.05, 0.3, 0.15], 1, 3)).toEqual([1, 3, 4]);
  });

  it('the rows left out of the table are summed into one line', () => {
    const request = requestFor(cases[0]);
    const trace = referenceForward(request, createWeights(request.config.seed, request.config.dModel, request.config.numLayers));
    const steps = formulaSteps({ layer: trace.layers[1], mask: trace.mask.data, head: 2, row: 7, col: 0, scaleScores: true });
    const shown = shownContributionKeys(steps.weights, 0, 5);
    const rest = remainingContribution(steps, shown);
    expect(rest.count).toBe(3);
    for (let c = 0; c < steps.headWidth; c++) {
      const total = shown.reduce((sum, key) => sum + steps.contributions[key].weighted[c], rest.weighted[c]);
      expect(total).toBeCloseTo(steps.output[c], 14);
    }
  });

  it('formats numbers without NaN, Infinity or a negative zero', () => {
    expect(formatNumber(1.23456)).toBe('1.235');
    expect(formatNumber(-0.5)).toBe('−0.500');
    expect(formatNumber(-0.0001)).toBe('−1.0e-4');
    expect(formatNumber(-1e-12, 3)).toBe('−1.0e-12');
    expect(formatNumber(-0.0004, 2)).toBe('−4.0e-4');
    expect(formatNumber(-0)).toBe('0.000');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatPowerOfTen(MASK_VALUE)).toBe('−10⁴');
    expect(formatPowerOfTen(-1e9)).toBe('−10⁹');
    expect(formatPowerOfTen(-3)).toBe('−3');
    expect(formatSquareRoot(16)).toBe('4');
    expect(formatSquareRoot(8)).toBe('2.828');
    expect(formatSquareRoot(1)).toBe('1');
  });

  it('cuts long vectors to their first entries and counts the rest', () => {
    expect(vectorHead([1, 2, 3], 6)).toEqual({ shown: [1, 2, 3], hidden: 0 });
    expect(vectorHead(Float64Array.from({ length: 64 }, (_, i) => i), 6)).toEqual({ shown: [0, 1, 2, 3, 4, 5], hidden: 58 });
  });
});
