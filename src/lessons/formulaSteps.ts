// The arithmetic of one attention weight, step by step, for the formula lesson:
//   s_ij = q_i · k_j,  s_ij / √d_k,  + M_ij,  softmax over row i,  output_i = Σ_j w_ij v_j
// recomputed here in float64 from the trace's own q, k, v and mask (not read back from its
// scores), so the page can show every intermediate number and the tests can check that
// the recomputation lands on the model's rawScores … headOutputs. No DOM.

import { MASK_VALUE } from '../model/config';
import type { LayerTrace, NumberArray } from '../model/trace';

export interface FormulaStepsInput {
  layer: LayerTrace;
  /** The trace's mask, [n, n]: 1 = query i may attend to key j, 0 = masked. */
  mask: NumberArray;
  head: number;
  /** Query index i (the weights row). */
  row: number;
  /** Key index j (the weights column). */
  col: number;
  scaleScores: boolean;
  /** What a masked score gets added (the model's MASK_VALUE unless a test says otherwise). */
  maskValue?: number;
}

export interface Contribution {
  key: number;
  weight: number;
  /** v_key, d_k numbers. */
  value: Float64Array;
  /** weight · v_key, d_k numbers. */
  weighted: Float64Array;
}

export interface FormulaSteps {
  seqLen: number;
  headWidth: number;
  head: number;
  row: number;
  col: number;
  /** q_i and k_j, d_k numbers each. */
  query: Float64Array;
  key: Float64Array;
  /** q_i[c] · k_j[c] for every channel c. */
  products: Float64Array;
  /** Σ_c q_i[c] k_j[c]: the raw score. */
  dot: number;
  /** √d_k, or 1 when scaling is off (nothing is divided). */
  divisor: number;
  scaled: number;
  /** Whether key j may be attended to by query i. */
  allowed: boolean;
  /** M_ij: 0 where allowed, the mask value where not. */
  maskTerm: number;
  /** scaled + M_ij: what enters the softmax. */
  masked: number;
  /** Every masked score of row i, recomputed from q_i and each k_j', [n]. */
  rowScores: Float64Array;
  rowMax: number;
  /** exp(s_ij' − max) for every key j' of row i, [n]. */
  expTerms: Float64Array;
  expSum: number;
  /** 1 where query i may attend to key j', 0 where masked, [n]. */
  rowAllowed: Uint8Array;
  /** False when every key of row i is masked: the model then defines the row as all 0. */
  rowHasAllowedKey: boolean;
  /** The softmax of row i, [n] (all 0 when no key is allowed). */
  weights: Float64Array;
  weight: number;
  rowSum: number;
  /** One per key j' of row i: w_ij' and w_ij' · v_j'. */
  contributions: Contribution[];
  /** Σ_j' w_ij' v_j': the head's output row i, [d_k]. */
  output: Float64Array;
}

/** Row `index` of head `head` of a [h, n, width] tensor, widened to float64. */
function headRow(values: NumberArray, head: number, index: number, seqLen: number, width: number): Float64Array {
  const start = (head * seqLen + index) * width;
  return Float64Array.from(values.subarray(start, start + width));
}

function dotProduct(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < a.length; c++) sum += a[c] * b[c];
  return sum;
}

export function formulaSteps(input: FormulaStepsInput): FormulaSteps {
  const { layer, mask, head, row, col, scaleScores } = input;
  const maskValue = input.maskValue ?? MASK_VALUE;
  const [, seqLen, headWidth] = layer.queries.shape;
  if (row < 0 || row >= seqLen || col < 0 || col >= seqLen) {
    throw new Error(`cell (${row}, ${col}) is outside ${seqLen} × ${seqLen}`);
  }
  const divisor = scaleScores ? Math.sqrt(headWidth) : 1;
  const query = headRow(layer.queries.data, head, row, seqLen, headWidth);
  const keys = Array.from({ length: seqLen }, (_, key) => headRow(layer.keys.data, head, key, seqLen, headWidth));
  const values = Array.from({ length: seqLen }, (_, key) => headRow(layer.values.data, head, key, seqLen, headWidth));
  const isAllowed = (key: number) => mask[row * seqLen + key] !== 0;

  const key = keys[col];
  const products = query.map((q, c) => q * key[c]);
  let dot = 0;
  for (const product of products) dot += product;
  const scaled = dot / divisor;
  const allowed = isAllowed(col);
  const maskTerm = allowed ? 0 : maskValue;

  const rowScores = new Float64Array(seqLen);
  for (let other = 0; other < seqLen; other++) {
    rowScores[other] = dotProduct(query, keys[other]) / divisor + (isAllowed(other) ? 0 : maskValue);
  }
  // Softmax as the model computes it: subtract the row maximum so exp never overflows.
  let rowMax = -Infinity;
  for (const score of rowScores) rowMax = Math.max(rowMax, score);
  const expTerms = rowScores.map((score) => Math.exp(score - rowMax));
  let expSum = 0;
  for (const term of expTerms) expSum += term;
  const rowAllowed = Uint8Array.from({ length: seqLen }, (_, other) => (isAllowed(other) ? 1 : 0));
  const rowHasAllowedKey = rowAllowed.includes(1);
  // As in the model: the softmax times the mask, so a masked weight is exactly 0, and a row
  // with no allowed key is all 0 (it attends to nothing) rather than a uniform average.
  const weights = rowHasAllowedKey
    ? expTerms.map((term, other) => (isAllowed(other) ? term / expSum : 0))
    : new Float64Array(seqLen);
  let rowSum = 0;
  for (const weight of weights) rowSum += weight;

  const output = new Float64Array(headWidth);
  const contributions = values.map((value, other) => {
    const weighted = value.map((v) => weights[other] * v);
    for (let c = 0; c < headWidth; c++) output[c] += weighted[c];
    return { key: other, weight: weights[other], value, weighted };
  });

  return {
    seqLen,
    headWidth,
    head,
    row,
    col,
    query,
    key,
    products,
    dot,
    divisor,
    scaled,
    allowed,
    maskTerm,
    masked: rowScores[col],
    rowScores,
    rowMax,
    expTerms,
    expSum,
    rowAllowed,
    rowHasAllowedKey,
    weights,
    weight: weights[col],
    rowSum,
    contributions,
    output,
  };
}

// ── Choices the page makes from the numbers ──────────────────────────────────────────

/**
 * The cell a projector shows before anyone points: the last real (non-padding) query and
 * the key it attends to most in this head, so the worked example is the strongest link of
 * the sentence's last token.
 */
export function defaultCell(
  attentionWeights: NumberArray,
  head: number,
  isPadding: readonly boolean[],
): { row: number; col: number } {
  const seqLen = isPadding.length;
  let row = seqLen - 1;
  while (row > 0 && isPadding[row]) row -= 1;
  const start = (head * seqLen + row) * seqLen;
  let col = 0;
  for (let key = 1; key < seqLen; key++) {
    if (attentionWeights[start + key] > attentionWeights[start + col]) col = key;
  }
  return { row, col };
}

/**
 * Which keys get a row in the contributions table: all of them when there are few, else
 * the `limit` largest weights (the picked key always among them), in key order. The
 * rest are summed into one line, so the table still adds up to the output row.
 */
export function shownContributionKeys(weights: ArrayLike<number>, picked: number, limit: number): number[] {
  const seqLen = weights.length;
  if (seqLen <= limit) return Array.from({ length: seqLen }, (_, key) => key);
  const byWeight = Array.from({ length: seqLen }, (_, key) => key).sort((a, b) => weights[b] - weights[a] || a - b);
  const chosen = new Set(byWeight.slice(0, limit - 1));
  chosen.add(picked);
  for (const key of byWeight) {
    if (chosen.size >= limit) break;
    chosen.add(key);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Σ of weight and of weight · v over the keys not in `shown`. */
export function remainingContribution(steps: FormulaSteps, shown: readonly number[]): { count: number; weight: number; weighted: Float64Array } {
  const shownSet = new Set(shown);
  const weighted = new Float64Array(steps.headWidth);
  let weight = 0;
  let count = 0;
  for (const contribution of steps.contributions) {
    if (shownSet.has(contribution.key)) continue;
    count += 1;
    weight += contribution.weight;
    for (let c = 0; c < steps.headWidth; c++) weighted[c] += contribution.weighted[c];
  }
  return { count, weight, weighted };
}

// ── Numbers as text ──────────────────────────────────────────────────────────────────

/** A number for the page: fixed decimals, a true minus sign, never "NaN" or "Infinity". */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  const text = abs !== 0 && abs < 10 ** -digits ? abs.toExponential(1) : abs.toFixed(digits);
  // −0.000 would read as a negative number: only a visible magnitude keeps its sign.
  return value < 0 && /[1-9]/.test(text) ? `−${text}` : text;
}

/** A power of ten as it is written: −10000 → "−10⁴"; other numbers as formatNumber. */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.log10(Math.abs(value));
  if (!Number.isInteger(exponent) || exponent < 2) return formatNumber(value, 0);
  const superscripts = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const power = String(exponent).replace(/\d/g, (digit) => superscripts[Number(digit)]);
  return `${value < 0 ? '−' : ''}10${power}`;
}

/** The first `limit` entries of a vector (all when it is short) and how many are left out. */
export function vectorHead(values: ArrayLike<number>, limit: number): { shown: number[]; hidden: number } {
  const count = Math.min(values.length, limit);
  return { shown: Array.from({ length: count }, (_, c) => values[c]), hidden: values.length - count };
}

/** √d_k written out: an integer when d_k is a perfect square, else three decimals. */
export function formatSquareRoot(headWidth: number): string {
  const root = Math.sqrt(headWidth);
  return Number.isInteger(root) ? String(root) : formatNumber(root, 3);
}
