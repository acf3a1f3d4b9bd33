// The formula lesson driven as a student would: hover, tap and arrow keys on the weights
// matrix, head, heads, mask and scaling changed, and every number of the worked example
// checked against the forward pass the app exports (window.qkvLab.exportDocument()).
// Exact values come from data-value; the text on screen is checked to round to them.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from '../fixtures';
import type { ExportDocument } from '../../src/state/exportTrace';

/** Display rounding: exact values (data-value) against the export. */
const TOLERANCE = 1e-4;

const open = (page: Page, backendName: string, query = '') =>
  openApp(page, `backend=${backendName}&lesson=formula${query ? `&${query}` : ''}`);

const weightsCanvas = (page: Page) => page.getByTestId('formula-weights').locator('canvas');

async function hoverCell(page: Page, row: number, col: number) {
  await weightsCanvas(page).scrollIntoViewIfNeeded();
  const box = (await weightsCanvas(page).boundingBox())!;
  const n = (await exportedDocument(page)).config.seqLen;
  await page.mouse.move(box.x + ((col + 0.5) * box.width) / n, box.y + ((row + 0.5) * box.height) / n);
}

async function pickedCell(page: Page): Promise<{ row: number; col: number }> {
  const worked = page.getByTestId('formula-worked');
  return { row: Number(await worked.getAttribute('data-row')), col: Number(await worked.getAttribute('data-col')) };
}

const valueOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

/** The number written on screen ("−1.234" with a true minus sign). */
async function shownNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent())!.trim();
  return Number(text.replace('−', '-'));
}

function expectClose(actual: number, expected: number, tolerance: number, what: string) {
  expect(Math.abs(actual - expected) / (1 + Math.abs(expected)), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** Every number of the worked example for the picked cell against the exported trace. */
async function expectWorkedExampleMatches(page: Page, document_: ExportDocument) {
  const { row: i, col: j } = await pickedCell(page);
  const settings = await page.evaluate(() => window.qkvLab.settings());
  const { seqLen: n, dK: dk } = document_.config;
  const layer = settings.layer;
  const head = settings.head;
  const at = (name: string, index: number) => document_.trace[`layers.${layer}.${name}`].data[index] as number;
  const cell = (head * n + i) * n + j;
  expectClose(await valueOf(page, 'formula-dot'), at('rawScores', cell), TOLERANCE, 'q_i·k_j');
  expectClose(await valueOf(page, 'formula-scaled'), at('scaledScores', cell), TOLERANCE, 'scaled');
  expectClose(await valueOf(page, 'formula-masked'), at('maskedScores', cell), TOLERANCE, 'masked');
  expectClose(await valueOf(page, 'formula-weight'), at('attentionWeights', cell), TOLERANCE, 'weight');
  const output = JSON.parse((await page.getByTestId('formula-output').getAttribute('data-value'))!) as number[];
  expect(output).toHaveLength(dk);
  output.forEach((value, c) => expectClose(value, at('headOutputs', (head * n + i) * dk + c), TOLERANCE, `output[${c}]`));
  // What is written rounds to the exact values (3 decimals for scores, 4 for the weight).
  expect(Math.abs((await shownNumber(page, 'formula-dot')) - (await valueOf(page, 'formula-dot')))).toBeLessThanOrEqual(0.0005 + 1e-9);
  expect(Math.abs((await shownNumber(page, 'formula-scaled')) - (await valueOf(page, 'formula-scaled')))).toBeLessThanOrEqual(0.0005 + 1e-9);
  expect(Math.abs((await shownNumber(page, 'formula-weight')) - (await valueOf(page, 'formula-weight')))).toBeLessThanOrEqual(0.00005 + 1e-9);
  return { i, j };
}

async function expectNoBadText(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/NaN|Infinity|undefined/);
}

test('shows the pipeline of the selected head with live shapes, and a worked example at once', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName);
  const document_ = await exportedDocument(page);
  expect(document_.backend.name).toBe(backendName);
  const shapes: Record<string, string> = { Q: '8 × 16', K: '8 × 16', scores: '8 × 8', scaled: '8 × 8', masked: '8 × 8', weights: '8 × 8', V: '8 × 16', output: '8 × 16' };
  for (const [tensor, shape] of Object.entries(shapes)) await expect(page.getByTestId(`stage-${tensor}-shape`)).toHaveText(shape);
  await expect(page.getByTestId('formula-pipeline-title')).toContainText('head 1 of 4');
  await expect(page.getByTestId('formula-tex')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('formula-live')).toHaveAttribute('data-sqrt-dk', '4');
  await expect(page.getByTestId('formula-divide')).toContainText('√16');
  // Before anyone points: the last token and the key it attends to most.
  const { i, j } = await expectWorkedExampleMatches(page, document_);
  expect(i).toBe(7);
  const row = (document_.trace['layers.0.attentionWeights'].data as number[]).slice(7 * 8, 8 * 8);
  expect(row[j]).toBe(Math.max(...row));
  await expect(page.getByTestId('formula-token-i')).toHaveText('股');
  await expectNoBadText(page);
  expect(pageErrors).toEqual([]);
});

test('hovering a weight shows its dot product, scaling, softmax and output row; the cell stays when the pointer leaves', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName);
  const document_ = await exportedDocument(page);
  await hoverCell(page, 2, 5);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '2');
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-col', '5');
  await expectWorkedExampleMatches(page, document_);
  await expect(page.getByTestId('formula-token-i')).toHaveText('型');
  await expect(page.getByTestId('formula-token-j')).toHaveText('潜');
  expectClose(await valueOf(page, 'formula-scaled'), (await valueOf(page, 'formula-dot')) / 4, 1e-12, 'dot ÷ √16');
  expectClose(await valueOf(page, 'formula-row-sum'), 1, 1e-6, 'row sum');
  await expect(page.getByTestId('formula-mask-term')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('formula-contribution')).toHaveCount(8);

  // The pointer leaves: the worked example keeps the last cell.
  await page.mouse.move(5, 5);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '2');
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-col', '5');

  // A click picks as well.
  await weightsCanvas(page).scrollIntoViewIfNeeded();
  const box = (await weightsCanvas(page).boundingBox())!;
  await page.mouse.click(box.x + (0.5 * box.width) / 8, box.y + (6.5 * box.height) / 8);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '6');
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-col', '0');
  await expectWorkedExampleMatches(page, document_);
  await expectNoBadText(page);
  expect(pageErrors).toEqual([]);
});

test('arrow keys move the picked cell and the numbers follow', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName);
  const document_ = await exportedDocument(page);
  await hoverCell(page, 3, 3);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '3');
  await page.mouse.move(5, 5);
  await page.getByTestId('formula-weights').getByRole('application').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => pickedCell(page)).toEqual({ row: 5, col: 2 });
  await expectWorkedExampleMatches(page, document_);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => pickedCell(page)).toEqual({ row: 4, col: 3 });
  await expectWorkedExampleMatches(page, document_);
  // At the edge the cell stays inside the matrix.
  for (let step = 0; step < 10; step++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => pickedCell(page)).toEqual({ row: 4, col: 7 });
  expect(pageErrors).toEqual([]);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('tapping a weight picks it', async ({ page, pageErrors, backendName }) => {
    await open(page, backendName);
    const document_ = await exportedDocument(page);
    const canvas = weightsCanvas(page);
    const box = (await canvas.boundingBox())!;
    await canvas.tap({ position: { x: (4.5 * box.width) / 8, y: (1.5 * box.height) / 8 } });
    await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '1');
    await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-col', '4');
    await expectWorkedExampleMatches(page, document_);
    expect(pageErrors).toEqual([]);
  });
});

test('changing head, heads, mask and scaling updates the pipeline, its labels and the worked example', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName);

  // Head 2 of 4.
  await page.getByTestId('head').focus();
  await page.keyboard.press('ArrowRight');
  await waitSettled(page);
  await expect(page.getByTestId('formula-pipeline-title')).toContainText('head 2 of 4');
  await hoverCell(page, 4, 1);
  await expect.poll(() => pickedCell(page)).toEqual({ row: 4, col: 1 });
  await expectWorkedExampleMatches(page, await exportedDocument(page));

  // 8 heads: d_k = 8, the shapes and √d_k follow.
  await page.getByTestId('heads').focus();
  await page.keyboard.press('ArrowRight');
  await waitSettled(page);
  await expect(page.getByTestId('stage-Q-shape')).toHaveText('8 × 8');
  await expect(page.getByTestId('stage-output-shape')).toHaveText('8 × 8');
  await expect(page.getByTestId('formula-divide')).toContainText('√8');
  await expect(page.getByTestId('formula-live')).toHaveAttribute('data-dk', '8');
  await expect(page.getByTestId('formula-pipeline-title')).toContainText('of 8');
  await expectWorkedExampleMatches(page, await exportedDocument(page));

  // Causal mask: a key after the query gets M = −10⁴ and weight exactly 0.
  await page.getByTestId('mask-causal').click();
  await waitSettled(page);
  const causal = await exportedDocument(page);
  expect(causal.config.mask).toBe('causal');
  await hoverCell(page, 1, 6);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-col', '6');
  await expect(page.getByTestId('formula-mask-term')).toHaveAttribute('data-value', String(causal.config.maskValue));
  await expect(page.getByTestId('formula-mask-reason')).toContainText('causal');
  expect(await valueOf(page, 'formula-weight')).toBe(0);
  await expectWorkedExampleMatches(page, causal);
  await hoverCell(page, 6, 1);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '6');
  await expect(page.getByTestId('formula-mask-term')).toHaveAttribute('data-value', '0');
  await expectWorkedExampleMatches(page, causal);

  // Scaling off: nothing is divided, and the page says so.
  await page.getByTestId('scaling').click({ force: true });
  await waitSettled(page);
  await expect(page.getByTestId('formula-scaling-off')).toBeVisible();
  await expect(page.getByTestId('formula-divide')).toContainText('÷ 1');
  const unscaled = await exportedDocument(page);
  expect(unscaled.config.scaleScores).toBe(false);
  await hoverCell(page, 5, 2);
  await expect(page.getByTestId('formula-worked')).toHaveAttribute('data-row', '5');
  expect(await valueOf(page, 'formula-scaled')).toBe(await valueOf(page, 'formula-dot'));
  await expectWorkedExampleMatches(page, unscaled);
  await expectNoBadText(page);
  expect(pageErrors).toEqual([]);
});

test('formula symbols and pipeline matrices highlight each other', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName);
  await expect(page.getByTestId('formula-tex')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('formula-tex').locator('[data-tensor="V"]').hover();
  await expect(page.getByTestId('stage-V')).toHaveAttribute('data-tied', 'true');
  await expect(page.getByTestId('stage-Q')).toHaveAttribute('data-tied', 'false');
  await page.getByTestId('stage-K').hover();
  await expect(page.getByTestId('formula-tex').locator('[data-tensor="K"]')).toHaveClass(/tied-highlight/);
  await page.getByTestId('stage-weights').hover({ position: { x: 4, y: 4 } });
  await expect(page.getByTestId('formula-tex').locator('[data-tensor="weights"]')).toHaveClass(/tied-highlight/);
  expect(pageErrors).toEqual([]);
});

test('extreme settings render without NaN or overflow: n = 64, d_k = 1, and Chinese', async ({ page, pageErrors, backendName }) => {
  await open(page, backendName, 'd=16&h=16&n=64&mask=padding&lang=zh&text=' + encodeURIComponent('我爱学习'));
  const document_ = await exportedDocument(page);
  expect(document_.config.dK).toBe(1);
  await expect(page.getByTestId('stage-Q-shape')).toHaveText('64 × 1');
  await expect(page.getByTestId('formula-pipeline-title')).toContainText('第 1 层');
  await expectWorkedExampleMatches(page, document_);
  // Only the largest weights get a row; the rest are summed into one line.
  await expect(page.getByTestId('formula-contribution')).toHaveCount(8);
  await hoverCell(page, 2, 40);
  await expect.poll(() => pickedCell(page)).toEqual({ row: 2, col: 40 });
  await expect(page.getByTestId('formula-mask-reason')).toContainText('填充');
  await expectWorkedExampleMatches(page, document_);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoBadText(page);
  expect(pageErrors).toEqual([]);
});
