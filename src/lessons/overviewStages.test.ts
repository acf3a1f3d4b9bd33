import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ModelConfig } from '../model/config';
import { listTraceTensors } from '../model/trace';
import { tokenize } from '../model/tokenizer';
import { createWeights } from '../model/weights';
import { referenceForward } from '../reference/referenceTransformer';
import { en, zh, type StringKey } from '../i18n/strings';
import { LESSON_IDS } from '../state/lessons';
import {
  buildStages,
  clampStageId,
  COLUMNS,
  connectorPath,
  flatIndex,
  formatShape,
  isStageId,
  pictureRows,
  stageTensor,
  STEPS,
  tileGeometry,
} from './overviewStages';

function trace(config: Partial<ModelConfig> = {}, text = '大模型是个潜力股') {
  const full = { ...DEFAULT_CONFIG, ...config };
  const { tokens, isPadding } = tokenize(text, full.seqLen);
  return referenceForward({ config: full, tokens, isPadding }, createWeights(full.seed, full.dModel, full.numLayers));
}

describe('buildStages', () => {
  it('has a box for every tensor of the forward pass but the repeated block inputs and the LayerNorm statistics, in trace order', () => {
    for (const numLayers of [1, 2, 6]) {
      const stages = buildStages(numLayers);
      expect(stages.length).toBe(4 + 16 * numLayers + 1);
      const traceNames = listTraceTensors(trace({ numLayers })).map((entry) => entry.name);
      const shown = traceNames.filter((name) => !/\.(mean|variance)$/.test(name) && !/^layers\.\d+\.input$/.test(name));
      // The mask comes first in the trace; the picture puts it with the input row. Otherwise the same order.
      expect(stages.map((stage) => stage.id).sort()).toEqual([...shown].sort());
      const order = (ids: string[]) => ids.filter((id) => id !== 'mask');
      expect(order(stages.map((stage) => stage.id))).toEqual(order(shown));
    }
  });

  it('joins each box only to boxes computed before it, and to what it is really computed from', () => {
    const stages = buildStages(3);
    const seen = new Set<string>();
    for (const stage of stages) {
      for (const input of stage.inputs) expect(seen.has(input), `${stage.id} ← ${input}`).toBe(true);
      seen.add(stage.id);
    }
    const inputsOf = (id: string) => stages.find((stage) => stage.id === id)!.inputs;
    expect(inputsOf('input')).toEqual(['embeddings', 'positionalEncoding']);
    expect(inputsOf('layers.0.norm1.output')).toEqual(['input']);
    expect(inputsOf('layers.1.norm1.output')).toEqual(['layers.0.output']);
    expect(inputsOf('layers.0.keys')).toEqual(['layers.0.norm1.output']);
    expect(inputsOf('layers.0.values')).toEqual(['layers.0.norm1.output']);
    expect(inputsOf('layers.2.rawScores')).toEqual(['layers.2.queries', 'layers.2.keys']);
    expect(inputsOf('layers.2.headOutputs')).toEqual(['layers.2.attentionWeights', 'layers.2.values']);
    expect(inputsOf('finalNorm.output')).toEqual(['layers.2.output']);
  });

  it('places every box in its own cell of the grid', () => {
    const stages = buildStages(4);
    const cells = new Set(stages.map((stage) => `${stage.row},${stage.col}`));
    expect(cells.size).toBe(stages.length);
    for (const stage of stages) {
      expect(stage.col).toBeGreaterThanOrEqual(0);
      expect(stage.col).toBeLessThan(COLUMNS);
      expect(stage.row).toBeLessThan(pictureRows(4));
    }
    // The snake: ÷√d_k above + M, V above weights·V, the first residual above LN₂.
    const at = (id: string) => stages.find((stage) => stage.id === id)!;
    expect([at('layers.1.maskedScores').col, at('layers.1.maskedScores').row]).toEqual([at('layers.1.scaledScores').col, at('layers.1.scaledScores').row + 1]);
    expect(at('layers.1.headOutputs').col).toBe(at('layers.1.values').col);
    expect(at('layers.1.norm2.output').col).toBe(at('layers.1.residual1').col);
  });

  it('colours weights, the mask and the ReLU layer from 0, all else about 0; draws the mask through the mask', () => {
    const stages = buildStages(1);
    const positive = stages.filter((stage) => stage.colour === 'positive').map((stage) => stage.step);
    expect(positive.sort()).toEqual(['attentionWeights', 'ffnHidden', 'mask']);
    expect(stages.filter((stage) => stage.masked).map((stage) => stage.step).sort()).toEqual(['attentionWeights', 'mask', 'maskedScores']);
  });

  it('links every step to lessons that exist, and has its title and explanation in both languages', () => {
    for (const stage of buildStages(2)) {
      expect(stage.lessons.length).toBeGreaterThan(0);
      for (const lesson of stage.lessons) expect(LESSON_IDS).toContain(lesson);
    }
    for (const step of STEPS) {
      const name = step[0].toUpperCase() + step.slice(1);
      for (const key of [`overviewTitle${name}`, `overviewAbout${name}`] as StringKey[]) {
        expect(en[key], key).toBeTruthy();
        expect(zh[key], key).toBeTruthy();
      }
    }
  });
});

describe('stage ids', () => {
  it('accepts exactly the boxes of the model', () => {
    expect(isStageId('layers.1.attentionWeights', 2)).toBe(true);
    expect(isStageId('layers.2.attentionWeights', 2)).toBe(false);
    expect(isStageId('finalNorm.output', 1)).toBe(true);
    for (const bad of ['layers.0.input', 'layers.0.norm1.mean', 'finalNorm', 'layers.00.keys', 'layers.-1.keys', '', '<img>', 'constructor']) {
      expect(isStageId(bad, 6), bad).toBe(false);
    }
  });

  it('moves a box past the last block to the same step of the last block', () => {
    expect(clampStageId('layers.5.keys', 2)).toBe('layers.1.keys');
    expect(clampStageId('layers.1.norm2.output', 2)).toBe('layers.1.norm2.output');
    expect(clampStageId('embeddings', 1)).toBe('embeddings');
  });

  it('finds every box’s tensor in a trace, with the shape the model gives it', () => {
    const config = { ...DEFAULT_CONFIG, numLayers: 2 };
    const reference = trace(config);
    const { seqLen: n, dModel: d, numHeads: h } = config;
    const dk = d / h;
    const expected: Record<string, number[]> = {
      embeddings: [n, d],
      mask: [n, n],
      'layers.1.queries': [h, n, dk],
      'layers.1.rawScores': [h, n, n],
      'layers.0.norm2.output': [n, d],
      'layers.0.ffnHidden': [n, 4 * d],
      'finalNorm.output': [n, d],
    };
    for (const [id, shape] of Object.entries(expected)) expect(stageTensor(reference, id).shape, id).toEqual(shape);
    for (const stage of buildStages(2)) expect(stageTensor(reference, stage.id).data.length).toBeGreaterThan(0);
    expect(() => stageTensor(reference, 'layers.9.keys')).toThrow();
  });
});

describe('tile geometry', () => {
  it('draws [n, c] as one tile and [h, n, c] as h tiles of n rows', () => {
    expect(tileGeometry([8, 64])).toEqual({ tiles: 1, rows: 8, cols: 64 });
    expect(tileGeometry([4, 8, 16])).toEqual({ tiles: 4, rows: 8, cols: 16 });
    expect(() => tileGeometry([8])).toThrow();
    expect(formatShape([4, 8, 16])).toBe('4 × 8 × 16');
    // Head 2, row 3, column 5 of [4, 8, 16]: (2·8 + 3)·16 + 5.
    expect(flatIndex(tileGeometry([4, 8, 16]), 2, 3, 5)).toBe((2 * 8 + 3) * 16 + 5);
  });
});

describe('connectorPath', () => {
  const stages = buildStages(1);
  const at = (id: string) => stages.find((stage) => stage.id === id)!;
  const rect = (id: string) => ({ x: at(id).col * 200, y: at(id).row * 100, width: 150, height: 60 });
  const path = (from: string, to: string) => connectorPath(at(from), at(to), rect(from), rect(to), 40);

  it('joins neighbours straight, edge to edge, in the direction of the flow', () => {
    expect(path('layers.0.norm1.output', 'layers.0.queries')).toBe('M150,130 H200');
    // The second row runs right to left.
    expect(path('layers.0.maskedScores', 'layers.0.attentionWeights')).toBe('M1000,230 H950');
    expect(path('layers.0.scaledScores', 'layers.0.maskedScores')).toBe('M1075,160 V200');
  });

  it('fans LN₁ out above its row and joins Q and K below it', () => {
    expect(path('layers.0.norm1.output', 'layers.0.keys')).toMatch(/^M112.5,100 V88 H475 V100$/);
    expect(path('layers.0.keys', 'layers.0.rawScores')).toMatch(/^M475,160 V174 H\d+(\.\d+)? V160$/);
  });
});
