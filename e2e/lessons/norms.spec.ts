// The norms lesson driven as a user: press "Change sentence 2" and watch sentence 1's
// BatchNorm output change in train mode while its LayerNorm output (and BatchNorm in
// inference mode, with running statistics) stays exactly the same; toggle padding
// exclusion; pick a channel and a token; look at the distributions; shrink the batch to one
// sentence. Every displayed number is checked against the Float64 reference
// (src/reference/normsReference.ts) computed here from the same embeddings (weights.ts).
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp } from '../fixtures';
import {
  referenceActivations,
  referenceInferenceOutput,
  referenceNorms,
  referenceRunningStatistics,
  referenceSummary,
} from '../../src/reference/normsReference';
import { BATCH_NORM_MOMENTUM, formatValue, padBatch, TRAINING_BATCHES, TRAINING_PASSES } from '../../src/lessons/normsReadouts';

/** float32 on the backend (WebGPU or WASM) vs float64 here: |shown − ref| ≤ 1e-4 · (1 + |ref|). */
const TOLERANCE = 1e-4;
const DEFAULTS = ['大模型是个潜力股', '我爱学习', '注意力'];

interface Setup {
  seed: number;
  dModel: number;
  positional: boolean;
}

async function waitFor(page: Page, backendName: string, texts: string[], exclude: boolean): Promise<void> {
  const status = page.getByTestId('norms-status');
  await expect(status).toHaveAttribute('data-texts', JSON.stringify(texts));
  await expect(status).toHaveAttribute('data-exclude', String(exclude));
  await expect(status).toHaveAttribute('data-ready', 'true');
  await expect(status).toHaveAttribute('data-backend', backendName);
}

async function setupOf(page: Page): Promise<Setup> {
  const status = page.getByTestId('norms-status');
  return {
    seed: Number(await status.getAttribute('data-seed')),
    dModel: Number(await status.getAttribute('data-dmodel')),
    positional: (await status.getAttribute('data-positional')) === 'true',
  };
}

/** Everything the lesson shows for one batch, in Float64. */
function reference(setup: Setup, texts: readonly string[], exclude: boolean) {
  const batch = padBatch(texts);
  const activations = referenceActivations(batch.sentences, batch.isPadding, setup.seed, setup.dModel, setup.positional);
  const trainingBatches = TRAINING_BATCHES.map((training) => {
    const padded = padBatch(training);
    return referenceActivations(padded.sentences, padded.isPadding, setup.seed, setup.dModel, setup.positional);
  });
  const running = referenceRunningStatistics(trainingBatches, exclude, BATCH_NORM_MOMENTUM, TRAINING_PASSES, setup.dModel);
  return { batch, activations, statistics: referenceNorms(activations, exclude), running, inferenceOutput: referenceInferenceOutput(activations, running) };
}

/** Largest relative error seen in a test, printed at its end for the record. */
let largestError = 0;

async function expectNumber(locator: Locator, attribute: string, expected: number): Promise<void> {
  const shown = Number(await locator.getAttribute(attribute));
  largestError = Math.max(largestError, Math.abs(shown - expected) / (1 + Math.abs(expected)));
  expect(Math.abs(shown - expected), attribute).toBeLessThanOrEqual(TOLERANCE * (1 + Math.abs(expected)));
}

/** The shown channel's BN statistics (batch or running) and the shown token's LN statistics. */
async function expectStatistics(page: Page, ref: ReturnType<typeof reference>, mode: 'train' | 'inference'): Promise<void> {
  const channelReadout = page.getByTestId('norms-picked-channel');
  await expect(channelReadout).toHaveAttribute('data-mode', mode);
  const channel = Number(await channelReadout.getAttribute('data-channel'));
  const mean = mode === 'train' ? ref.statistics.batchMean[channel] : ref.running.runningMean[channel];
  const variance = mode === 'train' ? ref.statistics.batchVariance[channel] : ref.running.runningVariance[channel];
  await expectNumber(channelReadout, 'data-mean', mean);
  await expectNumber(channelReadout, 'data-variance', variance);
  await expect(channelReadout).toContainText(`μ_c = ${formatValue(mean)}`);
  await expect(channelReadout).toContainText(`σ²_c = ${formatValue(variance)}`);
  const tokenReadout = page.getByTestId('norms-picked-token');
  const token = Number(await tokenReadout.getAttribute('data-token'));
  await expectNumber(tokenReadout, 'data-mean', ref.statistics.layerMean[token]);
  await expectNumber(tokenReadout, 'data-variance', ref.statistics.layerVariance[token]);
  await expect(tokenReadout).toContainText(`μ = ${formatValue(ref.statistics.layerMean[token])}`);
}

/** The distribution table (mean, std of the chosen tokens) against the reference. */
async function expectDistributions(page: Page, ref: ReturnType<typeof reference>, mode: 'train' | 'inference', dModel: number): Promise<void> {
  const tokens = JSON.parse((await page.getByTestId('norms-status').getAttribute('data-tokens')) ?? '[]') as number[];
  const rows: [string, ArrayLike<number>][] = [
    ['before', ref.activations.activations],
    [mode === 'train' ? 'batch-train' : 'batch-inference', mode === 'train' ? ref.statistics.batchOutput : ref.inferenceOutput],
    ['layer', ref.statistics.layerOutput],
  ];
  for (const [key, values] of rows) {
    const expected = referenceSummary(values, dModel, tokens);
    const row = page.getByTestId(`norms-dist-${key}`);
    await expectNumber(row, 'data-mean', expected.mean);
    await expectNumber(row, 'data-std', expected.std);
    await expect(row).toContainText(expected.std.toFixed(3));
  }
  return;
}

/** max |Δ| over sentence 1's real tokens between two reference outputs. */
function sentenceOneChange(a: ArrayLike<number>, b: ArrayLike<number>, realTokens: number, dModel: number): number {
  let change = 0;
  for (let i = 0; i < realTokens * dModel; i++) change = Math.max(change, Math.abs(a[i] - b[i]));
  return change;
}

async function pickCell(page: Page, testId: string, row: number, col: number, rows: number, cols: number): Promise<void> {
  const box = (await page.getByTestId(testId).locator('canvas').boundingBox())!;
  await page.mouse.click(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
  await page.mouse.move(0, 0); // leave the map: the readouts show the picked cell
}

async function expectNoBadNumbers(page: Page, backendName: string): Promise<void> {
  const text = (await page.getByTestId('norms-lesson').textContent()) ?? '';
  expect(text).not.toMatch(/NaN|Infinity/);
  console.info(`norms e2e on ${backendName}: largest relative error vs Float64 reference ${largestError.toExponential(2)}`);
  largestError = 0;
}

test('“Change sentence 2” moves sentence 1 under train-mode BatchNorm only; inference mode and LayerNorm stay exact', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=norms&lang=en`);
  await waitFor(page, backendName, DEFAULTS, true);
  const setup = await setupOf(page);
  const before = reference(setup, DEFAULTS, true);
  await expectStatistics(page, before, 'train');
  await expectDistributions(page, before, 'train', setup.dModel);
  // Before any edit: a hint, not a "0" that reads like a failure.
  await expect(page.getByTestId('norms-demo-hint')).toBeVisible();
  await expect(page.getByTestId('norms-demo-batch')).toHaveCount(0);

  // The decisive demo, one click.
  await page.getByTestId('norms-change-second').click();
  const edited = ['大模型是个潜力股', '我恨学习', '注意力'];
  await waitFor(page, backendName, edited, true);
  const after = reference(setup, edited, true);
  await expect(page.getByTestId('norms-demo-edit')).toHaveText('Sentence 2: 「我爱学习」 → 「我恨学习」');
  const trainChange = sentenceOneChange(before.statistics.batchOutput, after.statistics.batchOutput, 8, setup.dModel);
  expect(trainChange).toBeGreaterThan(1e-3);
  const batchDelta = page.getByTestId('norms-demo-batch');
  await expect(batchDelta).toHaveAttribute('data-mode', 'train');
  await expectNumber(batchDelta, 'data-value', trainChange);
  await expect(batchDelta).toContainText(`max |Δ| = ${formatValue(trainChange)}`);
  await expect(page.getByTestId('norms-demo-layer')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('norms-demo-layer')).toHaveText('max |Δ| = 0 (exactly)');
  await expectStatistics(page, after, 'train');

  // Inference mode: running statistics, so the edit does not reach sentence 1.
  expect(sentenceOneChange(before.inferenceOutput, after.inferenceOutput, 8, setup.dModel)).toBe(0);
  await page.getByTestId('norms-mode-inference').check();
  await expect(batchDelta).toHaveAttribute('data-mode', 'inference');
  await expect(batchDelta).toHaveAttribute('data-value', '0');
  await expect(batchDelta).toHaveText('max |Δ| = 0 (exactly)');
  await expect(page.getByTestId('norms-demo')).toContainText('BatchNorm, inference');
  await expectStatistics(page, after, 'inference');
  await expectDistributions(page, after, 'inference', setup.dModel);

  // A second click changes sentence 2 again; back in train mode BN moves again.
  await page.getByTestId('norms-mode-train').check();
  await page.getByTestId('norms-change-second').click();
  const again = ['大模型是个潜力股', '今天天气很好', '注意力'];
  await waitFor(page, backendName, again, true);
  const third = reference(setup, again, true);
  await expectNumber(batchDelta, 'data-value', sentenceOneChange(after.statistics.batchOutput, third.statistics.batchOutput, 8, setup.dModel));
  await expect(page.getByTestId('norms-demo-layer')).toHaveAttribute('data-value', '0');

  await expectNoBadNumbers(page, backendName);
  expect(pageErrors).toEqual([]);
});

test('padding in or out, picked channel and token, token distribution, batch size 1', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=norms&lang=en`);
  await waitFor(page, backendName, DEFAULTS, true);
  const setup = await setupOf(page);
  const channelReadout = page.getByTestId('norms-picked-channel');
  // 8 + 4 + 3 real tokens and 0 + 4 + 5 padding tokens, padding left out.
  await expect(channelReadout).toHaveAttribute('data-real', '15');
  await expect(channelReadout).toHaveAttribute('data-padding', '9');
  await expect(channelReadout).toContainText('15 real tokens (大 我 注 模 爱 意');
  await expect(channelReadout).toContainText('9 padding tokens (left out)');

  // Padding included in the BatchNorm statistics; the demo resets to its hint.
  await page.getByTestId('norms-exclude-padding').uncheck({ force: true });
  await waitFor(page, backendName, DEFAULTS, false);
  const included = reference(setup, DEFAULTS, false);
  await expectStatistics(page, included, 'train');
  await expect(channelReadout).toContainText('9 padding tokens (included)');
  await expect(page.getByTestId('norms-demo-hint')).toBeVisible();
  // Including padding really changes the statistics.
  const excluded = reference(setup, DEFAULTS, true);
  expect(Math.abs(included.statistics.batchMean[0] - excluded.statistics.batchMean[0])).toBeGreaterThan(1e-3);

  // Pick channel 10 on the BN mean map (8 × 8 at d_model 64) and a padding token on the LN map.
  const columns = setup.dModel === 64 ? 8 : Math.sqrt(setup.dModel);
  await pickCell(page, 'norms-batch-mean', 1, 2, setup.dModel / columns, columns);
  await expect(channelReadout).toHaveAttribute('data-channel', String(columns + 2));
  await pickCell(page, 'norms-layer-mean', 1, 5, 3, 8);
  const tokenReadout = page.getByTestId('norms-picked-token');
  await expect(tokenReadout).toHaveAttribute('data-token', '13');
  await expect(tokenReadout).toContainText('Token 「∅ padding」 (sentence 2, position 6)');
  await expectStatistics(page, included, 'train');

  // The distributions of that one token: LayerNorm gives it mean 0 and std 1 over its channels.
  await page.getByTestId('norms-distribution-of-token').check();
  await expect(page.getByTestId('norms-status')).toHaveAttribute('data-tokens', '[13]');
  await expect(page.getByTestId('norms-status')).toHaveAttribute('data-ready', 'true');
  await expectDistributions(page, included, 'train', setup.dModel);
  await expect(page.getByTestId('norms-dist-layer')).toContainText('1.000');

  // Batch size 1: BatchNorm over the 8 positions of sentence 1.
  await page.getByTestId('norms-distribution-of-sentence').check();
  await page.getByTestId('norms-remove-3').click();
  await page.getByTestId('norms-remove-2').click();
  const single = ['大模型是个潜力股'];
  await waitFor(page, backendName, single, false);
  await expect(page.getByTestId('norms-batch-one')).toContainText('the 8 positions of this one sentence');
  await expect(channelReadout).toContainText('mixing 8 real tokens (大 模 型 是 个 潜 力 股).');
  const one = reference(setup, single, false);
  await expectStatistics(page, one, 'train');
  await expectDistributions(page, one, 'train', setup.dModel);
  // Over one sentence BN makes every channel mean 0, variance 1: its values have std ≈ 1.
  await expect(page.getByTestId('norms-dist-batch-train')).toContainText('1.000');

  // Adding a sentence is an edit of the batch too.
  await expect(page.getByTestId('norms-change-second')).toHaveText('Add sentence 2');
  await page.getByTestId('norms-change-second').click();
  const two = ['大模型是个潜力股', '我恨学习'];
  await waitFor(page, backendName, two, false);
  await expect(page.getByTestId('norms-demo-edit')).toHaveText('Batch size 1 → 2');
  const grown = reference(setup, two, false);
  await expectNumber(page.getByTestId('norms-demo-batch'), 'data-value', sentenceOneChange(one.statistics.batchOutput, grown.statistics.batchOutput, 8, setup.dModel));
  await expect(page.getByTestId('norms-demo-layer')).toHaveAttribute('data-value', '0');

  await expectNoBadNumbers(page, backendName);
  expect(pageErrors).toEqual([]);
});
