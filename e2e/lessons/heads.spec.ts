// The multi-head lesson used as a teacher would: change the heads slider (keyboard and
// mouse) and watch the slices, heatmaps and shapes follow; hover columns of Q and of the
// concatenation and check which head the page says owns them, and the numbers it shows,
// against the exported forward pass.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from '../fixtures';
import type { ExportDocument } from '../../src/state/exportTrace';

/** Point at the centre of a cell of one of the lesson's matrices. */
async function hoverCell(page: Page, testId: string, row: number, col: number, rows: number, cols: number) {
  const canvas = page.getByTestId(testId).locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
}

/** A value of a [h, n, d_k] (or any row-major) exported tensor. */
const valueAt = (document_: ExportDocument, name: string, index: number) => document_.trace[name].data[index] as number;

async function expectFiniteText(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
}

/** Everything the page shows for h heads of d_model = d, n tokens. */
async function expectHeads(page: Page, h: number, d: number, n: number) {
  const dk = d / h;
  await expect(page.getByTestId('heads-value')).toHaveText(String(h));
  await expect(page.getByTestId('heads-slice')).toHaveCount(h);
  await expect(page.getByTestId('heads-weights')).toHaveCount(h);
  await expect(page.getByTestId('heads-head-output')).toHaveCount(h);
  await expect(page.getByTestId('heads-projected').getByTestId('heads-band')).toHaveCount(h);
  await expect(page.getByTestId('heads-concat').getByTestId('heads-band')).toHaveCount(h);
  await expect(page.getByTestId('heads-shape-split')).toHaveText(`h × d_k = ${h} × ${dk} = d_model`);
  await expect(page.getByTestId('heads-shape-slices')).toHaveText(`each slice n × d_k = ${n} × ${dk}`);
  await expect(page.getByTestId('heads-shape-projected')).toHaveText(`n × d_model = ${n} × ${d}`);
  await expect(page.getByTestId('heads-shape-concat')).toHaveText(`n × d_model = ${n} × ${d}`);
  // The split costs nothing: 4 · d_model² weights whatever h is.
  await expect(page.getByTestId('heads-params')).toHaveAttribute('data-value', String(4 * d * d));
  const document_ = await exportedDocument(page);
  expect(document_.config.numHeads).toBe(h);
  expect(document_.trace['layers.0.queries'].shape).toEqual([h, n, dk]);
  await expectFiniteText(page);
}

test('the heads slider (keyboard and mouse) cuts Q into h slices; counts and shapes follow', async ({ page, pageErrors, backendName }) => {
  await openApp(page, `backend=${backendName}&lesson=heads`);
  await expect(page.getByTestId('heads-formula')).toHaveAttribute('data-ready', 'true');
  await expectHeads(page, 4, 64, 8);

  const slider = page.getByTestId('heads');
  await slider.focus();
  for (const [key, h] of [
    ['End', 16],
    ['Home', 1],
    ['ArrowRight', 2],
    ['ArrowRight', 4],
    ['ArrowRight', 8],
  ] as const) {
    await slider.press(key);
    await waitSettled(page);
    await expectHeads(page, h, 64, 8);
  }

  // With the mouse: the slider offers only the divisors of 64 (1, 2, 4, 8, 16), evenly spaced.
  const box = (await slider.boundingBox())!;
  const xAt = (fraction: number) => box.x + 8 + (box.width - 16) * fraction;
  await page.mouse.click(xAt(0.25), box.y + box.height / 2);
  await waitSettled(page);
  await expectHeads(page, 2, 64, 8);

  // d_model 8: the slider offers 1, 2, 4, 8; at h = 8 each head has a single column (d_k = 1).
  await page.getByTestId('d-model').focus();
  await page.getByTestId('d-model').press('Home');
  await waitSettled(page);
  await slider.focus();
  await slider.press('End');
  await waitSettled(page);
  await expectHeads(page, 8, 8, 8);
  expect(pageErrors).toEqual([]);
});

test('hovering a column of Q or of Concat says which head owns it, with the exported value', async ({ page, pageErrors, backendName }) => {
  await openApp(page, `backend=${backendName}&lesson=heads`);
  const n = 8;
  const d = 64;
  const dk = 16;
  let document_ = await exportedDocument(page);

  // Q, row 2, column 37 = head 3 (columns 32–47), column 5 inside it.
  await hoverCell(page, 'heads-projected', 2, 37, n, d);
  const projected = page.getByTestId('heads-readout-projected');
  await expect(projected).toHaveAttribute('data-head', '3');
  await expect(projected).toHaveAttribute('data-index', '5');
  await expect(projected).toContainText('Column 37 of Q belongs to head 3');
  await expect(projected).toContainText('“型”');
  const query = valueAt(document_, 'layers.0.queries', (2 * n + 2) * dk + 5);
  await expect(page.getByTestId('heads-hover-value')).toHaveAttribute('data-value', String(query));
  await expect(page.getByTestId('heads-hover-value')).toHaveText(`Q[2, 37] = Q₃[2, 5] = ${query.toFixed(4)}`);

  // The same value, reached from the slice Q₃ instead (pointer off first, so nothing moves while we measure).
  await page.mouse.move(0, 0);
  await expect(projected).toHaveAttribute('data-head', '');
  const sliceCanvas = page.getByTestId('heads-slice').nth(2).locator('canvas');
  await sliceCanvas.scrollIntoViewIfNeeded();
  const sliceBox = (await sliceCanvas.boundingBox())!;
  await page.mouse.move(sliceBox.x + ((5 + 0.5) * sliceBox.width) / dk, sliceBox.y + ((2 + 0.5) * sliceBox.height) / n);
  await expect(projected).toHaveAttribute('data-head', '3');
  await expect(page.getByTestId('heads-hover-value')).toHaveAttribute('data-value', String(query));

  // Concat, row 6, column 16 = the first column of head 2's output.
  await hoverCell(page, 'heads-concat', 6, 16, n, d);
  const concat = page.getByTestId('heads-readout-concat');
  await expect(concat).toHaveAttribute('data-head', '2');
  await expect(concat).toHaveAttribute('data-index', '0');
  const concatenated = valueAt(document_, 'layers.0.concatenatedHeads', 6 * d + 16);
  expect(concatenated).toBe(valueAt(document_, 'layers.0.headOutputs', (1 * n + 6) * dk + 0));
  await expect(page.getByTestId('heads-concat-value')).toHaveAttribute('data-value', String(concatenated));
  await expect(page.getByTestId('heads-concat-value')).toContainText(concatenated.toFixed(4));

  // The attention output after W_O.
  await hoverCell(page, 'heads-output', 1, 63, n, d);
  const output = valueAt(document_, 'layers.0.attentionOutput', 1 * d + 63);
  await expect(page.getByTestId('heads-output-value')).toHaveAttribute('data-value', String(output));
  await expect(page.getByTestId('heads-output-value')).toHaveText(`= ${output.toFixed(4)}`);

  // Layer 2, the values V, 8 heads: column 63 is the last column of head 8.
  await page.getByTestId('heads').focus();
  await page.getByTestId('heads').press('ArrowRight');
  await page.getByTestId('layer').focus();
  await page.getByTestId('layer').press('End');
  await page.getByTestId('heads-projection-value').check();
  await waitSettled(page);
  document_ = await exportedDocument(page);
  expect(document_.config.numHeads).toBe(8);
  await hoverCell(page, 'heads-projected', 7, 63, n, d);
  await expect(projected).toHaveAttribute('data-head', '8');
  await expect(projected).toHaveAttribute('data-index', '7');
  const value = valueAt(document_, 'layers.1.values', (7 * n + 7) * 8 + 7);
  await expect(page.getByTestId('heads-hover-value')).toHaveAttribute('data-value', String(value));
  await expect(page.getByTestId('heads-hover-value')).toHaveText(`V[7, 63] = V₈[7, 7] = ${value.toFixed(4)}`);
  await expectFiniteText(page);
  expect(pageErrors).toEqual([]);
});

test('hovering a formula symbol highlights its figure, and the extremes render', async ({ page, pageErrors, backendName }) => {
  await openApp(page, `backend=${backendName}&lesson=heads&mask=causal&n=3&text=ab`);
  await expect(page.getByTestId('heads-formula')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('heads-formula').locator('[data-tensor="Concat"]').hover();
  await expect(page.getByTestId('heads-step-concat').locator('figure.tied')).toHaveCount(1);
  await expect(page.getByTestId('heads-formula')).toContainText('64/4=16');
  // Padding and a causal mask: still only finite numbers on screen.
  await expect(page.getByTestId('heads-weights')).toHaveCount(4);
  await expectFiniteText(page);
  expect(pageErrors).toEqual([]);
});
