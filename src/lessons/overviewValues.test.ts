import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import type { ForwardTrace } from '../model/trace';
import { tokenize } from '../model/tokenizer';
import { createWeights } from '../model/weights';
import { tf } from '../model/tf';
import { TransformerModel } from '../model/transformer';
import { referenceForward } from '../reference/referenceTransformer';
import { companionForOverview, type CompareMode } from '../state/overviewSettings';
import { buildStages, stageTensor, tileGeometry } from './overviewStages';
import { colourDomain, differs, formatValue, largestDifference, maxAbsDifference, stageDifferences, tensorStats } from './overviewValues';

describe('tensorStats', () => {
  it('gives min, max, mean and the population standard deviation', () => {
    const stats = tensorStats(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]));
    expect(stats).toMatchObject({ count: 8, nonFinite: 0, min: 2, max: 9, mean: 5 });
    expect(stats.std).toBeCloseTo(2, 12);
  });

  it('leaves out and counts non-finite values', () => {
    const stats = tensorStats(new Float32Array([1, Infinity, 3, NaN, -Infinity]));
    expect(stats).toMatchObject({ count: 2, nonFinite: 3, min: 1, max: 3, mean: 2, std: 1 });
    expect(tensorStats(new Float32Array([NaN])).mean).toBeNaN();
  });

  it('keeps a large common offset exact (two passes, no cancellation)', () => {
    const stats = tensorStats(new Float64Array([1e8 + 1, 1e8 - 1]));
    expect(stats.std).toBe(1);
  });
});

describe('maxAbsDifference', () => {
  it('is 0 for identical arrays and the largest |a − b| otherwise', () => {
    expect(maxAbsDifference(new Float32Array([1, 2, 3]), new Float32Array([1, 2, 3]))).toBe(0);
    expect(maxAbsDifference(new Float64Array([1, -2, 3]), new Float64Array([1.5, 2, 3]))).toBe(4);
    expect(maxAbsDifference(new Float64Array([1]), new Float64Array([1, 2]))).toBeNull();
  });

  it('treats a NaN or infinity on one side only as an infinite difference', () => {
    expect(maxAbsDifference(new Float32Array([NaN, 1]), new Float32Array([NaN, 1]))).toBe(0);
    expect(maxAbsDifference(new Float32Array([NaN, 1]), new Float32Array([0, 1]))).toBe(Infinity);
    expect(maxAbsDifference(new Float32Array([Infinity]), new Float32Array([Infinity]))).toBe(0);
    expect(maxAbsDifference(new Float32Array([Infinity]), new Float32Array([1]))).toBe(Infinity);
  });

  it('marks a box for any difference, or when it cannot compare', () => {
    expect(differs(0)).toBe(false);
    expect(differs(1e-30)).toBe(true);
    expect(differs(null)).toBe(true);
    expect(differs(undefined)).toBe(false);
  });
});

describe('colourDomain', () => {
  it('is symmetric about 0 for signed values and starts at 0 for positive ones', () => {
    const geometry = tileGeometry([2, 2]);
    expect(colourDomain([new Float32Array([-1, 0.5, 3, 2])], geometry, 'signed')).toEqual([-3, 3]);
    expect(colourDomain([new Float32Array([0.1, 0.5, 0.2, 0.2])], geometry, 'positive')).toEqual([0, 0.5]);
    // Compare mode: A and B share one range.
    expect(colourDomain([new Float32Array([1, 1, 1, 1]), new Float32Array([-5, 0, 0, 0])], geometry, 'signed')).toEqual([-5, 5]);
  });

  it('leaves masked cells out, in every head', () => {
    const geometry = tileGeometry([2, 2, 2]);
    const allowed = new Float32Array([1, 0, 1, 1]);
    const scores = new Float32Array([0.5, -1e4, 1, -2, 0.1, -1e4, 0.3, 0.2]);
    expect(colourDomain([scores], geometry, 'signed', allowed)).toEqual([-2, 2]);
  });

  it('falls back to a unit range when there is nothing finite', () => {
    expect(colourDomain([new Float32Array([NaN])], tileGeometry([1, 1]), 'signed')).toEqual([-1, 1]);
    expect(colourDomain([new Float32Array([0, 0])], tileGeometry([1, 2]), 'positive')).toEqual([0, 1e-9]);
  });
});

describe('formatValue', () => {
  it('prints 4 significant digits, exponent form when tiny or huge', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(-12.5)).toBe('-12.50');
    expect(formatValue(-1e4)).toBe('-1.00e+4');
    expect(formatValue(2.5e-7)).toBe('2.50e-7');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Infinity)).toBe('Infinity');
  });
});

// Diff marking on real forward passes: exactly the boxes downstream of what B changes.
const TEXT = '大模型是个潜力股';
const LAYER0_UNTIL_RAW = ['layers.0.norm1.output', 'layers.0.queries', 'layers.0.keys', 'layers.0.values', 'layers.0.rawScores'];
const EXPECTED_SAME: Record<Exclude<CompareMode, 'off' | 'text'>, string[]> = {
  // Scaling acts after QKᵀ: everything before it, in the first block, is untouched.
  scale: ['embeddings', 'positionalEncoding', 'input', 'mask', ...LAYER0_UNTIL_RAW],
  // PE is added at the very start: only the embeddings and the mask stay.
  pe: ['embeddings', 'mask'],
  // The mask acts at + M: the scores before it stay.
  mask: ['embeddings', 'positionalEncoding', 'input', ...LAYER0_UNTIL_RAW, 'layers.0.scaledScores'],
};

function markedFor(traceA: ForwardTrace, traceB: ForwardTrace, numLayers: number) {
  const ids = buildStages(numLayers).map((stage) => stage.id);
  const differences = stageDifferences(ids, (id) => stageTensor(traceA, id).data, (id) => stageTensor(traceB, id).data);
  return { ids, same: ids.filter((id) => !differs(differences.get(id))), differences };
}

describe('diff marking (Float64 reference)', () => {
  const config: ModelConfig = { ...DEFAULT_CONFIG, numLayers: 2 };
  const run = (modelConfig: ModelConfig, text = TEXT) => {
    const { tokens, isPadding } = tokenize(text, modelConfig.seqLen);
    return referenceForward({ config: modelConfig, tokens, isPadding }, createWeights(modelConfig.seed, modelConfig.dModel, modelConfig.numLayers));
  };

  for (const mode of ['scale', 'pe', 'mask'] as const) {
    it(`${mode}: marks exactly the boxes after the change`, () => {
      const { same, differences } = markedFor(run(config), run(companionForOverview(config, mode)!), 2);
      expect(same.sort()).toEqual([...EXPECTED_SAME[mode]].sort());
      for (const [id, difference] of differences) if (!same.includes(id)) expect(difference, id).toBeGreaterThan(1e-6);
    });
  }

  it('text: one character changed marks its embedding row, then everything it reaches', () => {
    const a = run(config);
    const b = run(config, '小模型是个潜力股');
    const { same } = markedFor(a, b, 2);
    // Without a mask, attention spreads the change to every token at once.
    expect(same.sort()).toEqual(['mask', 'positionalEncoding']);
    // Only row 0 of the embeddings differs.
    const d = config.dModel;
    const rowDiff = (row: number) => maxAbsDifference(a.embeddings.data.subarray(row * d, (row + 1) * d), b.embeddings.data.subarray(row * d, (row + 1) * d));
    expect(rowDiff(0)).toBeGreaterThan(0);
    for (let row = 1; row < config.seqLen; row++) expect(rowDiff(row)).toBe(0);
  });
});

describe('diff marking (TF.js on the CPU backend: float32, the app’s own path)', () => {
  const model = new TransformerModel();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterAll(() => model.dispose());
  const config: ModelConfig = { ...DEFAULT_CONFIG, numLayers: 2 };
  const run = async (modelConfig: ModelConfig) => (await model.forward({ config: modelConfig, ...tokenize(TEXT, modelConfig.seqLen) })).trace;

  for (const mode of ['scale', 'pe', 'mask'] as const) {
    it(`${mode}: the same boxes as the reference, unchanged ones bit for bit`, async () => {
      const a = await run(config);
      const b = await run(companionForOverview(config, mode)!);
      const { same } = markedFor(a, b, 2);
      expect(same.sort()).toEqual([...EXPECTED_SAME[mode]].sort());
    });
  }
});

describe('largestDifference', () => {
  it('picks the box with the largest max |A − B|, skipping identical and incomparable boxes', () => {
    const boxes = [{ id: 'a', difference: 0 }, { id: 'b', difference: 0.5 }, { id: 'c', difference: null }, { id: 'd', difference: 2 }, { id: 'e', difference: undefined }];
    expect(largestDifference(boxes)?.id).toBe('d');
    expect(largestDifference([{ difference: 0 }, { difference: null }])).toBeNull();
  });
});
