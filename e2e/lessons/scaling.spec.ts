// The √d_k lesson driven as a student would: the d_k slider (keyboard and mouse), the
// scaling switch, the example-row slider and the model's controls; every number on screen
// is checked against theory (statistical tolerance), against the Float64 closed forms
// computed here in Node, or against the exported trace. Runs on webgpu and on wasm.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from '../fixtures';
import { PROBE_DK_CHOICES } from '../../src/state/lessons';
import { entropy, meanAndVariance, softmax, softmaxJacobianNorm } from '../../src/reference/scalingReference';
import { logitVarianceStandardError } from '../../src/lessons/scalingReadouts';
import type { ExportDocument } from '../../src/state/exportTrace';

const SAMPLES = 256;
const KEYS = 16;
/** Rows of the default seed whose softmax at d_k = 1024, unscaled, is one-hot to ‖J‖ < 1e-30. */
const SATURATED_ROW = 37;

async function openLesson(page: Page, backendName: string, query = ''): Promise<void> {
  await openApp(page, `backend=${backendName}&lesson=scaling&lang=en${query}`);
  await waitForProbe(page, backendName);
}

async function waitForProbe(page: Page, backendName: string): Promise<void> {
  const status = page.getByTestId('probe-status');
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
  await expect(status).toHaveAttribute('data-backend', backendName);
}

async function value(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw, `${testId} has a value`).toBeTruthy();
  return Number(raw);
}

/** The number as written on screen (4 significant digits, maybe 1.23e-5), close to its data-value. */
async function expectShown(page: Page, testId: string, significant = 4): Promise<number> {
  const exact = await value(page, testId);
  const text = (await page.getByTestId(testId).textContent())!.trim();
  const shown = Number(text.split(/\s/)[0]);
  expect(Number.isFinite(shown), `${testId} shows a number: "${text}"`).toBe(true);
  expect(Math.abs(shown - exact)).toBeLessThanOrEqual(Math.abs(exact) * 10 ** (1 - significant));
  return exact;
}

async function expectNoNonFiniteText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity|∞/);
}

/** Put a slider on a value with the keyboard: Home, then → until its output says so. */
async function slideTo(page: Page, testId: string, target: number): Promise<void> {
  const slider = page.getByTestId(testId);
  await slider.focus();
  await page.keyboard.press('Home');
  for (let step = 0; step < 300; step++) {
    if (Number(await page.getByTestId(`${testId}-value`).textContent()) === target) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`${testId} never reached ${target}`);
}

/** The example-row slider straight to a row (its positions are rows 1 … 256). */
async function showRow(page: Page, row: number): Promise<void> {
  await page.getByTestId('probe-row').fill(String(row - 1));
  await expect(page.getByTestId('probe-row-value')).toHaveText(String(row));
}

/** Statistics of one head of one layer from an export, computed here from the raw numbers. */
function exportedHeadStats(document_: ExportDocument, layer: number, head: number) {
  const n = document_.config.seqLen;
  const data = (name: string) => document_.trace[`layers.${layer}.${name}`].data as number[];
  const mask = document_.trace.mask.data as number[];
  const raw: number[] = [];
  const scaled: number[] = [];
  const entropies: number[] = [];
  const maxima: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      if (mask[i * n + j] !== 1) continue;
      const index = head * n * n + i * n + j;
      raw.push(data('rawScores')[index]);
      scaled.push(data('scaledScores')[index]);
      row.push(data('attentionWeights')[index]);
    }
    if (row.length === 0) continue;
    entropies.push(entropy(row));
    maxima.push(Math.max(...row));
  }
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    rawVariance: meanAndVariance(raw).variance,
    scaledVariance: meanAndVariance(scaled).variance,
    meanEntropy: mean(entropies),
    meanMaxWeight: mean(maxima),
  };
}

async function expectModelSectionMatchesExport(page: Page): Promise<void> {
  await waitSettled(page);
  const document_ = await exportedDocument(page);
  const settings = await page.evaluate(() => window.qkvLab.settings());
  const expected = exportedHeadStats(document_, settings.layer, settings.head);
  const close = (actual: number, reference: number) => expect(Math.abs(actual - reference)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(reference)));
  close(await expectShown(page, 'model-raw-variance'), expected.rawVariance);
  close(await expectShown(page, 'model-scaled-variance'), expected.scaledVariance);
  close(await expectShown(page, 'model-entropy', 3), expected.meanEntropy);
  close(await expectShown(page, 'model-max-weight'), expected.meanMaxWeight);
  await expect(page.getByTestId('model-raw-variance')).toHaveAttribute('data-dk', String(document_.config.dK));
}

test('dragging d_k: the logit variance is ≈ d_k unscaled and ≈ 1 scaled at every width', async ({ page, backendName, pageErrors }) => {
  await openLesson(page, backendName);
  const status = page.getByTestId('probe-status');
  const computedIn = await status.getAttribute('data-ms');
  await expect(status).toContainText(backendName === 'webgpu' ? 'WebGPU' : 'WASM');
  await expect(page.getByTestId('scaling-formula')).toHaveAttribute('data-ready', 'true');

  await slideTo(page, 'probe-dk', 2);
  for (const dK of PROBE_DK_CHOICES) {
    if (dK !== 2) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('probe-dk-value')).toHaveText(String(dK));
    await expect(status).toHaveAttribute('data-dk', String(dK));
    const unscaled = await expectShown(page, 'probe-variance-unscaled');
    const scaled = await expectShown(page, 'probe-variance-scaled');
    expect(Math.abs(unscaled - dK), `unscaled variance at d_k ${dK}`).toBeLessThanOrEqual(4 * logitVarianceStandardError(dK, SAMPLES, KEYS));
    expect(Math.abs(scaled - 1), `scaled variance at d_k ${dK}`).toBeLessThanOrEqual(4 * logitVarianceStandardError(dK, SAMPLES, KEYS, true));
    await expect(page.getByTestId('variance-scaled-card')).toHaveAttribute('data-current', 'true');
    await expectNoNonFiniteText(page);
  }
  // The slider only selected: the experiment ran once.
  await expect(status).toHaveAttribute('data-ms', computedIn!);

  // Another weight seed draws other q and k: the same law holds. Back on 42 the first
  // experiment comes from the cache, and no tensor outlived either run.
  await waitSettled(page);
  const tensorsBefore = (await page.evaluate(() => window.qkvLab.memory())).numTensors;
  await page.getByTestId('seed').fill('43');
  await expect(status).toHaveAttribute('data-seed', '43', { timeout: 200_000 });
  await expect(status).toHaveAttribute('data-ready', 'true');
  const unscaled = await expectShown(page, 'probe-variance-unscaled');
  expect(Math.abs(unscaled - 1024)).toBeLessThanOrEqual(4 * logitVarianceStandardError(1024, SAMPLES, KEYS));
  await page.getByTestId('seed').fill('42');
  await expect(status).toHaveAttribute('data-seed', '42');
  await expect(status).toHaveAttribute('data-ms', computedIn!);
  await waitSettled(page);
  expect((await page.evaluate(() => window.qkvLab.memory())).numTensors).toBe(tensorsBefore);
  await expectNoNonFiniteText(page);
  expect(pageErrors).toEqual([]);
});

test('the scaling switch: the softmax saturates and its gradient collapses only unscaled', async ({ page, backendName, pageErrors }) => {
  await openLesson(page, backendName);
  const status = page.getByTestId('probe-status');
  const computedIn = await status.getAttribute('data-ms');
  await expectModelSectionMatchesExport(page);

  // Scaling off, with the keyboard, on the model's own switch.
  await page.getByTestId('scaling').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('scaling')).not.toBeChecked();
  await expect(status).toHaveAttribute('data-scaled', 'false');
  await expect(page.getByTestId('variance-unscaled-card')).toHaveAttribute('data-current', 'true');
  await waitSettled(page);
  expect((await exportedDocument(page)).config.scaleScores).toBe(false);
  await expectModelSectionMatchesExport(page);
  await expect(page.getByTestId('model-scaled-variance')).toHaveAttribute(
    'data-value',
    (await page.getByTestId('model-raw-variance').getAttribute('data-value'))!,
  );

  const readings: Record<string, { mean: number; median: number; entropy: number; maxWeight: number }> = {};
  await slideTo(page, 'probe-dk', 2);
  for (const dK of PROBE_DK_CHOICES) {
    if (dK !== 2) await page.keyboard.press('ArrowRight');
    await expect(status).toHaveAttribute('data-dk', String(dK));
    for (const mode of ['unscaled', 'scaled']) {
      for (const statistic of ['mean', 'median']) {
        const cell = page.getByTestId(`probe-jacobian-${statistic}-${mode}`);
        const norm = await value(page, `probe-jacobian-${statistic}-${mode}`);
        expect(Number.isFinite(norm)).toBe(true);
        if ((await cell.getAttribute('data-saturated')) === 'true') await expect(cell).toContainText('<');
        else expect(norm).toBeGreaterThan(0);
      }
    }
    readings[dK] = {
      mean: await value(page, 'probe-jacobian-mean-unscaled'),
      median: await value(page, 'probe-jacobian-median-unscaled'),
      entropy: await expectShown(page, 'probe-mean-entropy', 3),
      maxWeight: await expectShown(page, 'probe-mean-max'),
    };
    const scaledMean = await value(page, 'probe-jacobian-mean-scaled');
    expect(scaledMean).toBeGreaterThan(0.25);
    expect(scaledMean).toBeLessThan(0.35);
    await expectNoNonFiniteText(page);
  }
  // From d_k = 16 on, every step down: the gradient vanishes as the softmax saturates.
  const from16 = PROBE_DK_CHOICES.filter((dK) => dK >= 16);
  for (let i = 1; i < from16.length; i++) {
    const [before, after] = [readings[from16[i - 1]], readings[from16[i]]];
    expect(after.mean, `mean ‖J‖ at d_k ${from16[i]}`).toBeLessThan(before.mean);
    expect(after.median, `median ‖J‖ at d_k ${from16[i]}`).toBeLessThan(before.median);
    expect(after.entropy).toBeLessThan(before.entropy);
    expect(after.maxWeight).toBeGreaterThan(before.maxWeight);
  }
  expect(readings[1024].median).toBeLessThan(1e-3 * (await value(page, 'probe-jacobian-median-scaled')));
  expect(readings[1024].maxWeight).toBeGreaterThan(0.9);

  // A row that is one-hot in float32: shown as saturated, on the chart's floor, never −∞.
  await showRow(page, SATURATED_ROW);
  const rowNorm = page.getByTestId('probe-row-jacobian');
  await expect(rowNorm).toHaveAttribute('data-saturated', 'true');
  await expect(rowNorm).toContainText('< 1e-30');
  await expect(page.getByTestId('probe-row-max')).toHaveText('1.000');
  await expect(page.getByTestId('jacobian-saturated-label')).toContainText('one-hot in float32');
  await expectNoNonFiniteText(page);

  // Scaling back on (mouse this time): the same d_k, a soft row again.
  await page.getByTestId('scaling').locator('xpath=..').click();
  await expect(page.getByTestId('scaling')).toBeChecked();
  await expect(rowNorm).toHaveAttribute('data-saturated', 'false');
  expect(await value(page, 'probe-row-jacobian')).toBeGreaterThan(0.05);
  await expect(status).toHaveAttribute('data-ms', computedIn!);
  await expectModelSectionMatchesExport(page);
  expect(pageErrors).toEqual([]);
});

test('the example row: its bars, entropy, max weight and autodiff ‖∂p/∂z‖ agree with the closed forms', async ({ page, backendName, pageErrors }) => {
  await openLesson(page, backendName, '&scale=0');
  // The mouse this time: drag the d_k slider to its right end (1024).
  const slider = page.getByTestId('probe-dk');
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 20, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('probe-dk-value')).toHaveText('1024');

  for (const [dK, rows] of [[1024, [1, 2, 100, SATURATED_ROW]], [8, [1, 200]]] as const) {
    await slideTo(page, 'probe-dk', dK);
    for (const row of rows) {
      await showRow(page, row);
      const bars = page.getByTestId('softmax-bar');
      await expect(bars).toHaveCount(KEYS);
      const logits = await bars.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-logit'))));
      const weights = await bars.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-weight'))));
      const reference = softmax(logits);
      for (let key = 0; key < KEYS; key++) expect(Math.abs(weights[key] - reference[key])).toBeLessThanOrEqual(1e-5);
      const rowEntropy = await value(page, 'probe-row-entropy');
      expect(Math.abs(rowEntropy - entropy(reference))).toBeLessThanOrEqual(1e-5 * (1 + entropy(reference)));
      expect(Math.abs((await expectShown(page, 'probe-row-max')) - Math.max(...reference))).toBeLessThanOrEqual(1e-5);
      // The autodiff Jacobian on this backend against ‖diag(p) − ppᵀ‖_F; the absolute term
      // is float32's resolution of 1 − pᵢ where a weight is ≈ 1.
      const norm = await value(page, 'probe-row-jacobian');
      const closedForm = softmaxJacobianNorm(reference);
      expect(Math.abs(norm - closedForm), `‖J‖ of row ${row} at d_k ${dK}`).toBeLessThanOrEqual(1e-5 * closedForm + 2 ** -22);
      await expectNoNonFiniteText(page);
    }
  }
  expect(pageErrors).toEqual([]);
});

test('the model: its d_k follows d_model and heads, and its statistics are those of the trace', async ({ page, backendName, pageErrors }) => {
  await openLesson(page, backendName, '&scale=0&d=128');
  await expectModelSectionMatchesExport(page);
  // One head of width 128, unscaled: the raw score variance is of the order of d_k.
  await slideTo(page, 'heads', 1);
  await waitSettled(page);
  await expect(page.getByTestId('model-raw-variance')).toHaveAttribute('data-dk', '128');
  await expectModelSectionMatchesExport(page);
  const raw = await value(page, 'model-raw-variance');
  expect(raw).toBeGreaterThan(128 / 4);
  expect(raw).toBeLessThan(128 * 4);
  await slideTo(page, 'layer', 2);
  await expectModelSectionMatchesExport(page);
  await expectNoNonFiniteText(page);
  expect(pageErrors).toEqual([]);
});
