// The model overview's stages: one box per tensor of the forward pass, in the order the
// model computes them, where each sits in the picture, which lesson explains it and how its
// values are coloured. Pure (no DOM, no Svelte), so it is unit-tested in Node.
//
// A stage's id is its tensor's name in the trace and in the exported JSON
// ("layers.1.attentionWeights"), so the e2e tests can compare a box with the export.

import type { LessonId } from '../state/lessons';
import { traceTensor, type ForwardTrace, type NumberArray, type TensorData } from '../model/trace';

/** What a box computes; also the suffix of its string keys (overviewStepEmbeddings, …). */
export const STEPS = [
  'embeddings',
  'positionalEncoding',
  'input',
  'mask',
  'norm1',
  'queries',
  'keys',
  'values',
  'rawScores',
  'scaledScores',
  'maskedScores',
  'attentionWeights',
  'headOutputs',
  'concatenatedHeads',
  'attentionOutput',
  'residual1',
  'norm2',
  'ffnHidden',
  'ffnOutput',
  'output',
  'finalNorm',
] as const;
export type Step = (typeof STEPS)[number];

/** How values map to colour: signed (blue–white–red about 0) or non-negative (viridis from 0). */
export type ColourKind = 'signed' | 'positive';

export interface Stage {
  /** The trace tensor's dotted name. */
  id: string;
  step: Step;
  /** 0-based block, or null outside the blocks. */
  layer: number | null;
  /** Where the box sits: a row of the picture (top to bottom) and a column (left to right). */
  row: number;
  col: number;
  /** The boxes whose tensors this one is computed from and that an arrow joins to it (not the mask, not the residual skips). */
  inputs: string[];
  colour: ColourKind;
  /** Drawn through the attention mask: masked cells grey, left out of the colour range. */
  masked: boolean;
  /** The lessons that explain this step, the first being the main one. */
  lessons: readonly LessonId[];
}

/** Columns of the picture: the attention block snakes over two rows, then the feed-forward row. */
export const COLUMNS = 6;

const LESSONS: Record<Step, readonly LessonId[]> = {
  embeddings: ['position', 'norms'],
  positionalEncoding: ['position'],
  input: ['position'],
  mask: ['masking'],
  norm1: ['norms', 'depth'],
  queries: ['qkv', 'heads'],
  keys: ['qkv', 'heads'],
  values: ['qkv', 'heads'],
  rawScores: ['formula', 'qkv', 'cost'],
  scaledScores: ['scaling', 'formula'],
  maskedScores: ['masking', 'formula'],
  attentionWeights: ['formula', 'masking'],
  headOutputs: ['formula', 'heads'],
  concatenatedHeads: ['heads'],
  attentionOutput: ['heads'],
  residual1: ['depth'],
  norm2: ['norms', 'depth'],
  ffnHidden: ['cost'],
  ffnOutput: ['cost'],
  output: ['depth'],
  finalNorm: ['norms'],
};

const POSITIVE: ReadonlySet<Step> = new Set<Step>(['mask', 'attentionWeights', 'ffnHidden']);
const MASKED: ReadonlySet<Step> = new Set<Step>(['mask', 'maskedScores', 'attentionWeights']);

/** Rows per block: attention left to right, attention right to left, feed-forward. */
const ROWS_PER_LAYER = 3;

/** The trace name of a step in a block (LayerNorms name their output). */
function layerTensorName(layer: number, step: Step): string {
  const suffix = step === 'norm1' || step === 'norm2' ? `${step}.output` : step;
  return `layers.${layer}.${suffix}`;
}

/** Every box of the overview for a model of numLayers blocks, in the order the model computes them. */
export function buildStages(numLayers: number): Stage[] {
  const stage = (id: string, step: Step, layer: number | null, row: number, col: number, inputs: string[]): Stage => ({
    id,
    step,
    layer,
    row,
    col,
    inputs,
    colour: POSITIVE.has(step) ? 'positive' : 'signed',
    masked: MASKED.has(step),
    lessons: LESSONS[step],
  });
  const stages: Stage[] = [
    stage('embeddings', 'embeddings', null, 0, 0, []),
    stage('positionalEncoding', 'positionalEncoding', null, 0, 1, []),
    stage('input', 'input', null, 0, 2, ['embeddings', 'positionalEncoding']),
    stage('mask', 'mask', null, 0, COLUMNS - 1, []),
  ];
  let blockInput = 'input';
  for (let layer = 0; layer < numLayers; layer++) {
    const top = 1 + layer * ROWS_PER_LAYER;
    const name = (step: Step) => layerTensorName(layer, step);
    const add = (step: Step, row: number, col: number, inputs: Step[]) => stages.push(stage(name(step), step, layer, row, col, inputs.map(name)));
    // Row 1, left to right: LN₁, the three projections, QKᵀ, the scaling.
    stages.push(stage(name('norm1'), 'norm1', layer, top, 0, [blockInput]));
    add('queries', top, 1, ['norm1']);
    add('keys', top, 2, ['norm1']);
    add('values', top, 3, ['norm1']);
    add('rawScores', top, 4, ['queries', 'keys']);
    add('scaledScores', top, 5, ['rawScores']);
    // Row 2, right to left from under the scaling: + mask, softmax, ·V (under V), concat, ·W_O, residual.
    add('maskedScores', top + 1, 5, ['scaledScores']);
    add('attentionWeights', top + 1, 4, ['maskedScores']);
    add('headOutputs', top + 1, 3, ['attentionWeights', 'values']);
    add('concatenatedHeads', top + 1, 2, ['headOutputs']);
    add('attentionOutput', top + 1, 1, ['concatenatedHeads']);
    add('residual1', top + 1, 0, ['attentionOutput']);
    // Row 3, left to right from under the residual: LN₂, the feed-forward, the second residual.
    add('norm2', top + 2, 0, ['residual1']);
    add('ffnHidden', top + 2, 1, ['norm2']);
    add('ffnOutput', top + 2, 2, ['ffnHidden']);
    add('output', top + 2, 3, ['ffnOutput']);
    blockInput = name('output');
  }
  stages.push(stage('finalNorm.output', 'finalNorm', null, numLayers * ROWS_PER_LAYER, 4, [blockInput]));
  return stages;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The SVG path of the arrow from one box to another (the arrowhead is the path's marker):
 * straight between neighbours, else routed through the gap above the row (from LN₁) or below
 * it (into QKᵀ), or down and across to the next row.
 */
export function connectorPath(from: Stage, to: Stage, a: Rect, b: Rect, gap: number): string {
  const midY = (rect: Rect) => rect.y + rect.height / 2;
  const midX = (rect: Rect) => rect.x + rect.width / 2;
  if (from.row === to.row && Math.abs(from.col - to.col) === 1) {
    const forward = to.col > from.col;
    return `M${forward ? a.x + a.width : a.x},${midY(a)} H${forward ? b.x : b.x + b.width}`;
  }
  if (from.col === to.col && to.row > from.row) return `M${midX(a)},${a.y + a.height} V${b.y}`;
  if (from.row === to.row) {
    // A fan out of LN₁ above the row; the two operands of QKᵀ join below it.
    const above = from.step === 'norm1';
    const offset = gap * (above ? 0.3 : 0.35);
    const y = above ? a.y - offset : a.y + a.height + offset;
    const startX = midX(a) + (above ? a.width / 4 : 0);
    return above ? `M${startX},${a.y} V${y} H${midX(b)} V${b.y}` : `M${midX(a)},${a.y + a.height} V${y} H${midX(b) - b.width / 6} V${b.y + b.height}`;
  }
  // To the next row, elsewhere: down into the gap under the source, across, down into the box.
  const y = a.y + a.height + gap / 2;
  return `M${midX(a)},${a.y + a.height} V${y} H${midX(b)} V${b.y}`;
}

/** Number of rows of the picture for numLayers blocks. */
export function pictureRows(numLayers: number): number {
  return 1 + numLayers * ROWS_PER_LAYER;
}

/** Whether id names a box of a model with numLayers blocks. */
export function isStageId(id: string, numLayers: number): boolean {
  return buildStages(numLayers).some((stage) => stage.id === id);
}

/** The same step in the last block when id points past numLayers (a box follows the layers slider). */
export function clampStageId(id: string, numLayers: number): string {
  const match = /^layers\.(\d+)\.(.+)$/.exec(id);
  if (!match || Number(match[1]) < numLayers) return id;
  return `layers.${numLayers - 1}.${match[2]}`;
}

/** A stage's tensor in a trace: its id is the tensor's dotted name in the trace. */
export function stageTensor<T extends NumberArray>(trace: ForwardTrace<T>, id: string): TensorData<T> {
  return traceTensor(trace, id);
}

/** How a tensor is drawn: [n, c] as one tile, [h, n, c] as h tiles side by side; n rows each. */
export interface TileGeometry {
  tiles: number;
  rows: number;
  cols: number;
}

export function tileGeometry(shape: readonly number[]): TileGeometry {
  if (shape.length === 3) return { tiles: shape[0], rows: shape[1], cols: shape[2] };
  if (shape.length === 2) return { tiles: 1, rows: shape[0], cols: shape[1] };
  throw new Error(`cannot draw a tensor of shape [${shape.join(', ')}]`);
}

/** "4 × 8 × 16": the shape as the boxes print it. */
export function formatShape(shape: readonly number[]): string {
  return shape.join(' × ');
}

/** The flat index of (tile, row, col) in a row-major tensor of this geometry. */
export function flatIndex(geometry: TileGeometry, tile: number, row: number, col: number): number {
  return (tile * geometry.rows + row) * geometry.cols + col;
}
