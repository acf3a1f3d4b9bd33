// Every intermediate tensor computed in the browser, on each real backend, against the
// independent Float64 reference computed here in Node from the same seed.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { test, expect, openApp, exportedDocument } from './fixtures';
import { referenceForward } from '../src/reference/referenceTransformer';
import { compareTraces } from '../src/reference/compareTraces';
import { createWeights, listWeights } from '../src/model/weights';
import { traceFromNamed, type TensorData } from '../src/model/trace';
import type { ModelConfig } from '../src/model/config';
import type { ExportDocument } from '../src/state/exportTrace';
import { parseCheckpoint } from '../src/training/checkpoint';
import { mostLikelyDigits, trainedModelWeights } from '../src/training/playgroundModel';

/** The shipped trained checkpoint as the playground's weights, read here in Node. */
function shippedTrainedWeights() {
  const parsed = parseCheckpoint(readFileSync(new URL('../static/checkpoints/reverse-6.json', import.meta.url), 'utf8'));
  if (!('checkpoint' in parsed)) throw new Error(parsed.error.detail);
  return trainedModelWeights(parsed.checkpoint);
}

const PAINTED_6 = ['110111', '011110', '000000', '111011', '100001', '111111'].join('');
const PAINTED_6_URL = '3eA7h_'; // PAINTED_6 as the URL's base64url bitset

const CASES: { name: string; query: string; paintedMask?: string; trained?: boolean }[] = [
  { name: 'default (大模型是个潜力股, d=64, h=4, 2 layers)', query: '' },
  { name: 'causal mask, 4 layers, ASCII', query: 'text=attention%20is%20all&n=12&L=4&mask=causal' },
  { name: 'padding mask, padded input', query: `text=${encodeURIComponent('我爱学习')}&n=8&mask=padding&h=8` },
  { name: 'unscaled, 1 layer, 1 head, d=128', query: 'text=hello%20world&n=11&L=1&h=1&d=128&scale=0' },
  { name: 'tied W_Q = W_K = W_V, causal', query: 'text=tied%20weights&n=12&tie=qkv&mask=causal' },
  // Row 2 of this painted 6 × 6 mask is fully masked: its weights must be exactly 0.
  // The trained checkpoint (d = 32, 2 heads, 1 layer, FFN 2·d, digit table, read-out): its answer too.
  { name: 'trained model reversing 271828', query: 'weights=trained&text=271828', trained: true },
  { name: 'painted mask with a fully masked row', query: `text=${encodeURIComponent('大模型是个潜')}&n=6&mask=custom&paint=${PAINTED_6_URL}`, paintedMask: PAINTED_6 },
];

function traceOf(document_: ExportDocument) {
  return traceFromNamed(
    document_.config.numLayers,
    (name): TensorData => {
      const tensor = document_.trace[name];
      if (!tensor) throw new Error(`export lacks ${name}`);
      return { shape: tensor.shape, data: Float64Array.from(tensor.data, (value) => value ?? NaN) };
    },
    'prediction' in document_.trace,
  );
}

test.describe('numerical parity with the Float64 reference', () => {
  const worst: Record<string, number> = {};

  for (const testCase of CASES) {
    test(testCase.name, async ({ page, backendName, pageErrors }) => {
      await openApp(page, `backend=${backendName}&${testCase.query}`);
      const document_ = await exportedDocument(page);

      // The backend really in use is the one asked for (no silent fallback).
      expect(document_.backend.name).toBe(backendName);
      expect(await page.evaluate(() => window.qkvLab.backend()?.failures.length)).toBe(0);
      await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backendName);

      const config: ModelConfig = {
        dModel: document_.config.dModel,
        numHeads: document_.config.numHeads,
        seqLen: document_.config.seqLen,
        numLayers: document_.config.numLayers,
        scaleScores: document_.config.scaleScores,
        mask: document_.config.mask,
        tie: document_.config.tie,
        positional: document_.config.positional,
        seed: document_.config.seed,
      };
      const customMask = config.mask === 'custom' ? document_.trace.mask.data.map((cell) => (cell === 1 ? '1' : '0')).join('') : undefined;
      expect(customMask).toBe(testCase.paintedMask);
      const weights = testCase.trained ? shippedTrainedWeights() : createWeights(config.seed, config.dModel, config.numLayers);
      expect(document_.weightsSource).toBe(weights.source);
      // Same seed (or the same checkpoint file) → bit-identical weights in the browser and in Node.
      for (const { name, data } of listWeights(weights)) {
        expect(document_.weights[name].data, name).toEqual(Array.from(data));
      }
      const reference = referenceForward(
        {
          config,
          tokens: document_.tokens,
          isPadding: document_.isPadding,
          customMask,
        },
        weights,
      );
      if (testCase.trained) {
        // The trained model answers with the reverse, and the reference agrees on every probability.
        expect(mostLikelyDigits(document_.trace.prediction.data as number[], 6).map((entry) => entry.digit).join('')).toBe('828172');
        expect(reference.prediction).toBeDefined();
      }
      const rows = compareTraces(traceOf(document_), reference);
      for (const row of rows) {
        expect.soft(row.maxAbsError, `${row.name} on ${backendName}`).toBeLessThanOrEqual(row.tolerance);
        const kind = row.name.replace(/^layers\.\d+\./, '');
        worst[kind] = Math.max(worst[kind] ?? 0, row.maxAbsError);
      }
      expect(pageErrors).toEqual([]);
    });
  }

  test.afterAll(async ({ backendName }) => {
    // A record of the errors measured, for the README and closing notes.
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/parity-${backendName}.json`, JSON.stringify(worst, null, 2));
    const attention = worst['attentionWeights'];
    console.log(`[parity ${backendName}] max error: attention weights ${attention?.toExponential(2)}, ` +
      `all tensors ${Math.max(...Object.values(worst)).toExponential(2)}`);
  });
});
