import { describe, expect, it } from 'vitest';
import { describeBars, describeBins, describeMatrix, describeSeries, describeValues, formatNumber, matrixFacts, valueStatistics } from './chartSummary';

describe('formatNumber', () => {
  it('keeps three significant digits and writes minus signs and extremes readably', () => {
    expect(formatNumber(0.41234)).toBe('0.412');
    expect(formatNumber(0.41)).toBe('0.41');
    expect(formatNumber(66.0712)).toBe('66.1');
    expect(formatNumber(-2.5)).toBe('−2.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1.5e-7)).toBe('1.5e−7');
    expect(formatNumber(123456)).toBe('1.23e+5');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(NaN)).toBe('NaN');
  });
});

// A causal 3 × 3 softmax: row sums 1, three masked cells.
const causal = {
  rows: 3,
  cols: 3,
  values: [1, 0, 0, 0.59, 0.41, 0, 0.2, 0.3, 0.5],
  allowed: [1, 0, 0, 1, 1, 0, 1, 1, 1],
};

describe('matrixFacts', () => {
  it('finds the extremes among shown cells, counts masked cells and recognises softmax rows', () => {
    const facts = matrixFacts(causal);
    expect(facts.largest).toEqual({ row: 0, col: 0, value: 1 });
    expect(facts.smallest).toEqual({ row: 2, col: 0, value: 0.2 });
    expect(facts.masked).toBe(3);
    expect(facts.emptyRows).toBe(0);
    expect(facts.rowsSumToOne).toBe(true);
  });

  it('does not call rows that do not sum to 1 a softmax, and reads from an offset', () => {
    const facts = matrixFacts({ rows: 2, cols: 2, values: [9, 9, 0.5, -1, 2, 0.25], offset: 2 });
    expect(facts.rowsSumToOne).toBe(false);
    expect(facts.largest).toEqual({ row: 1, col: 0, value: 2 });
    expect(facts.smallest).toEqual({ row: 0, col: 1, value: -1 });
  });

  it('counts fully masked rows and non-finite values', () => {
    const facts = matrixFacts({ rows: 2, cols: 2, values: [0, 0, NaN, 1], allowed: [0, 0, 1, 1] });
    expect(facts.emptyRows).toBe(1);
    expect(facts.nonFinite).toBe(1);
    expect(facts.masked).toBe(2);
    expect(facts.rowsSumToOne).toBe(false);
  });
});

describe('describeMatrix', () => {
  it('names cells by their tokens, in English and Chinese', () => {
    const input = { ...causal, title: 'Attention weights, layer 1, head 2', rowLabels: ['大', '模', '型'], colLabels: ['大', '模', '型'] };
    expect(describeMatrix('en', input)).toBe(
      'Attention weights, layer 1, head 2, 3 × 3: each row sums to 1; largest: 大 → 大 (1); smallest: 型 → 大 (0.2); 3 cells masked',
    );
    expect(describeMatrix('zh', { ...input, title: '注意力权重' })).toBe(
      '注意力权重，3 × 3：每行之和为 1；最大：大 → 大（1）；最小：型 → 大（0.2）；3 个格子被掩码',
    );
  });

  it('gives the range and 1-based positions when the axes have no labels', () => {
    expect(describeMatrix('en', { title: 'Scores', rows: 2, cols: 2, values: [0.5, -1.25, 3, 0] })).toBe(
      'Scores, 2 × 2: values from −1.25 to 3; largest: row 2, column 1 (3); smallest: row 1, column 2 (−1.25)',
    );
  });
});

describe('describeValues, describeBins, describeSeries, describeBars', () => {
  it('states count, mean, standard deviation and range of each distribution', () => {
    expect(valueStatistics([1, 2, 3, 4, NaN])).toEqual({ count: 4, mean: 2.5, std: Math.sqrt(1.25), min: 1, max: 4 });
    expect(describeValues('en', 'Logits', [{ name: 'unscaled', values: [1, 2, 3, 4] }])).toBe(
      'Logits: unscaled: 4 values, mean 2.5, standard deviation 1.12, from 1 to 4',
    );
  });

  it('names the fullest bin of a histogram given by counts', () => {
    expect(describeBins('en', 'Layer 1', [{ name: 'tanh', counts: [1, 5, 2, 0], low: -2, high: 2 }, { name: 'LN', counts: null, low: -2, high: 2 }])).toBe(
      'Layer 1: tanh: 8 values in −2 … 2; the fullest bin, −1 … 0, holds 5; LN: no values drawn',
    );
  });

  it('gives the ends and extremes of a series, skipping points not drawn', () => {
    const series = [{ name: 'scaled', points: [[2, 0.5], [4, null], [8, 0.9], [16, 0.1]] as [number, number | null][] }];
    expect(describeSeries('en', '‖J‖', 'd_k', series)).toBe(
      '‖J‖: scaled: 3 points; at d_k = 2: 0.5; at d_k = 16: 0.1; highest 0.9 at 8, lowest 0.1 at 16',
    );
    expect(describeSeries('zh', '‖J‖', 'd_k', [{ name: '缩放', points: [] }])).toBe('‖J‖：缩放：尚无数据点');
  });

  it('names the largest and smallest bar and the total', () => {
    expect(describeBars('en', 'Softmax row', [{ label: 'k1', value: 0.7 }, { label: 'k2', value: 0.2 }, { label: 'k3', value: 0.1 }])).toBe(
      'Softmax row: 3 bars; largest k1 (0.7), smallest k3 (0.1); total 1',
    );
  });
});
