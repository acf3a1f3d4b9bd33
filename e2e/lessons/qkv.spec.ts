// The "why three projections" lesson driven as a user: tie W_Q = W_K (and W_V), and the
// readouts must match what the exported forward pass says.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from '../fixtures';
import { diagonalMaxFraction, symmetryError } from '../../src/lessons/qkvReadouts';

const dataValue = async (page: Page, panel: string, testId: string) =>
  Number(await page.getByTestId(panel).getByTestId(testId).getAttribute('data-value'));

/** Layer 1, head 1 raw scores of the model on screen, from its export. */
async function exportedScores(page: Page) {
  const document_ = await exportedDocument(page);
  const n = document_.config.seqLen;
  return { n, tie: document_.config.tie, scores: Float64Array.from(document_.trace['layers.0.rawScores'].data.slice(0, n * n), Number) };
}

test('separate projections give asymmetric scores; tying W_K = W_Q makes them symmetric', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=qkv`);
  await expect(page.getByTestId('lesson-title')).toHaveText('Why Q, K, V');
  await expect(page.getByTestId('qkv-formula')).toHaveAttribute('data-ready', 'true');

  // Untied model on screen: the left panel is the live one and its readout is this export's.
  let exported = await exportedScores(page);
  expect(exported.tie).toBe('none');
  const separateAsymmetry = await dataValue(page, 'qkv-separate', 'symmetry-error');
  expect(separateAsymmetry).toBeCloseTo(symmetryError(exported.scores, exported.n), 6);
  expect(separateAsymmetry).toBeGreaterThan(0.1);
  expect(await dataValue(page, 'qkv-separate', 'diagonal-fraction')).toBeCloseTo(diagonalMaxFraction(exported.scores, exported.n), 12);
  await expect(page.getByTestId('qkv-separate')).toHaveClass(/live/);
  // The tied twin is computed beside it.
  expect(await dataValue(page, 'qkv-tied', 'symmetry-error')).toBeLessThan(1e-5);
  expect(await dataValue(page, 'qkv-separate', 'projection-parameters')).toBe(3 * 64 * 64);
  expect(await dataValue(page, 'qkv-tied', 'projection-parameters')).toBe(2 * 64 * 64);

  // Tie the live model.
  await page.getByTestId('tie-qk').check({ force: true });
  await waitSettled(page);
  await expect(page).toHaveURL(/tie=qk/);
  exported = await exportedScores(page);
  expect(exported.tie).toBe('qk');
  expect(symmetryError(exported.scores, exported.n)).toBeLessThan(1e-5);
  await expect(page.getByTestId('qkv-tied')).toHaveClass(/live/);
  const tiedDiagonal = await dataValue(page, 'qkv-tied', 'diagonal-fraction');
  expect(tiedDiagonal).toBeCloseTo(diagonalMaxFraction(exported.scores, exported.n), 12);
  expect(tiedDiagonal).toBeGreaterThanOrEqual(await dataValue(page, 'qkv-separate', 'diagonal-fraction'));

  // Hovering a cell shows it and its mirror: equal when tied.
  const canvas = page.getByTestId('qkv-tied-scores').locator('canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + (5.5 * box.width) / 8, box.y + (1.5 * box.height) / 8);
  const pair = page.getByTestId('qkv-tied').getByTestId('mirror-pair');
  await expect(pair).toContainText('S[1,5]');
  const [a, b] = ((await pair.textContent()) ?? '').match(/-?\d+\.\d+/g)!.map(Number);
  expect(a).toBe(b);
  expect(a).toBeCloseTo(exported.scores[1 * 8 + 5], 3);

  // Tie W_V too: one matrix left.
  await page.getByTestId('tie-v').check({ force: true });
  await waitSettled(page);
  expect((await exportedDocument(page)).config.tie).toBe('qkv');
  expect(await dataValue(page, 'qkv-tied', 'projection-parameters')).toBe(64 * 64);
  const document_ = await exportedDocument(page);
  // W_V = W_Q: values equal queries, head by head.
  expect(document_.trace['layers.0.values'].data).toEqual(document_.trace['layers.0.queries'].data);

  // The explanation opens fully on request.
  await page.getByTestId('lesson-more').click();
  await expect(page.getByTestId('lesson-explanation').locator('p').nth(2)).toBeVisible();
  // The explanation may name NaN; the figures and readouts never show one.
  expect(await page.locator('section.figures').textContent()).not.toMatch(/NaN|Infinity/);
  expect(pageErrors).toEqual([]);
});
