// The norms lesson driven as a user: edit sentence 2 and watch sentence 1's BatchNorm output
// change while its LayerNorm output stays exactly the same; toggle padding exclusion; shrink
// the batch to one sentence. Displayed statistics are checked against the Float64 reference
// (src/reference/normsReference.ts) computed here from the same embeddings (weights.ts).
import type { Page } from '@playwright/test';
import { test, expect, openApp } from '../fixtures';
import { referenceActivations, referenceNorms } from '../../src/reference/normsReference';
import { padBatch } from '../../src/lessons/normsReadouts';

/** float32 on the backend vs float64 here. */
const TOLERANCE = 1e-4;

async function waitFor(page: Page, backendName: string, texts: string[], exclude: boolean): Promise<void> {
  const status = page.getByTestId('norms-status');
  await expect(status).toHaveAttribute('data-texts', JSON.stringify(texts), { timeout: 120_000 });
  await expect(status).toHaveAttribute('data-exclude', String(exclude));
  await expect(status).toHaveAttribute('data-ready', 'true');
  await expect(status).toHaveAttribute('data-backend', backendName);
}

/** The picked channel's BN statistics and the picked token's LN statistics vs the reference. */
async function expectStatistics(page: Page, texts: string[], exclude: boolean): Promise<void> {
  const status = page.getByTestId('norms-status');
  const seed = Number(await status.getAttribute('data-seed'));
  const dModel = Number(await status.getAttribute('data-dmodel'));
  const positional = (await status.getAttribute('data-positional')) === 'true';
  const batch = padBatch(texts);
  const reference = referenceNorms(referenceActivations(batch.sentences, batch.isPadding, seed, dModel, positional), exclude);
  const picked = page.getByTestId('norms-picked');
  const channel = Number(await picked.getAttribute('data-channel'));
  const token = Number(await picked.getAttribute('data-token'));
  const pairs: [string, number][] = [
    ['data-batch-mean', reference.batchMean[channel]],
    ['data-batch-variance', reference.batchVariance[channel]],
    ['data-layer-mean', reference.layerMean[token]],
    ['data-layer-variance', reference.layerVariance[token]],
  ];
  for (const [attribute, expected] of pairs) {
    const shown = Number(await picked.getAttribute(attribute));
    expect(Math.abs(shown - expected), attribute).toBeLessThanOrEqual(TOLERANCE * (1 + Math.abs(expected)));
  }
  // The text shows the same numbers, rounded to 3 decimals.
  const text = (await picked.textContent()) ?? '';
  expect(text).toContain(`μ_c = ${reference.batchMean[channel].toFixed(3)}`);
}

async function expectNoBadNumbers(page: Page): Promise<void> {
  const text = (await page.getByTestId('norms-lesson').textContent()) ?? '';
  expect(text).not.toMatch(/NaN|Infinity/);
}

test('editing sentence 2 changes sentence 1 under BatchNorm only; statistics match the reference', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(300_000);
  await openApp(page, `backend=${backendName}&lesson=norms&lang=en`);
  const defaults = ['大模型是个潜力股', '我爱学习', '注意力'];
  await waitFor(page, backendName, defaults, true);
  await expectStatistics(page, defaults, true);
  await expect(page.getByTestId('norms-demo-batch')).toHaveCount(0);

  // The decisive demo: edit sentence 2 only.
  const edited = ['大模型是个潜力股', '我爱学习呀', '注意力'];
  await page.getByTestId('norms-sentence-2').fill(edited[1]);
  await waitFor(page, backendName, edited, true);
  const batchChange = Number(await page.getByTestId('norms-demo-batch').getAttribute('data-value'));
  const layerChange = Number(await page.getByTestId('norms-demo-layer').getAttribute('data-value'));
  expect(batchChange).toBeGreaterThan(0);
  expect(layerChange).toBe(0);
  await expect(page.getByTestId('norms-demo-layer')).toContainText('= 0');
  // The displayed BN change equals the one computed from the reference for the two batches.
  const status = page.getByTestId('norms-status');
  const seed = Number(await status.getAttribute('data-seed'));
  const dModel = Number(await status.getAttribute('data-dmodel'));
  const positional = (await status.getAttribute('data-positional')) === 'true';
  const before = padBatch(defaults);
  const after = padBatch(edited);
  const a = referenceNorms(referenceActivations(before.sentences, before.isPadding, seed, dModel, positional), true);
  const b = referenceNorms(referenceActivations(after.sentences, after.isPadding, seed, dModel, positional), true);
  let expectedChange = 0;
  for (let i = 0; i < 8 * dModel; i++) expectedChange = Math.max(expectedChange, Math.abs(a.batchOutput[i] - b.batchOutput[i]));
  expect(Math.abs(batchChange - expectedChange)).toBeLessThanOrEqual(TOLERANCE * (1 + expectedChange));
  await expectStatistics(page, edited, true);

  // Padding included in the BatchNorm statistics.
  await page.getByTestId('norms-exclude-padding').uncheck({ force: true });
  await waitFor(page, backendName, edited, false);
  await expectStatistics(page, edited, false);

  // Batch size 1.
  await page.getByTestId('norms-remove-3').click();
  await page.getByTestId('norms-remove-2').click();
  await waitFor(page, backendName, ['大模型是个潜力股'], false);
  await expectStatistics(page, ['大模型是个潜力股'], false);

  await expectNoBadNumbers(page);
  expect(pageErrors).toEqual([]);
});
