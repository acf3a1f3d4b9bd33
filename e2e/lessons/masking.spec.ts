// The masking lesson driven as a user: paint cells with clicks, drags and the keyboard;
// masked weights must be exactly 0, other rows sum to 1, and an all-masked row is 0.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from '../fixtures';
import type { ExportDocument } from '../../src/state/exportTrace';

async function painterCell(page: Page, n: number, row: number, col: number) {
  const box = (await page.getByTestId('mask-painter').locator('canvas').boundingBox())!;
  return { x: box.x + ((col + 0.5) * box.width) / n, y: box.y + ((row + 0.5) * box.height) / n };
}

/** Every layer and head: masked weights exactly 0; rows sum to 1, or 0 where every key is masked. */
function checkMasking(document_: ExportDocument) {
  const { seqLen: n, numHeads, numLayers } = document_.config;
  const mask = document_.trace.mask.data as number[];
  for (let layer = 0; layer < numLayers; layer++) {
    const weights = document_.trace[`layers.${layer}.attentionWeights`].data as number[];
    for (let head = 0; head < numHeads; head++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let allowed = 0;
        for (let j = 0; j < n; j++) {
          const weight = weights[head * n * n + i * n + j];
          if (mask[i * n + j] === 0) expect(weight).toBe(0);
          else allowed++;
          sum += weight;
        }
        expect(Math.abs(sum - (allowed > 0 ? 1 : 0))).toBeLessThan(1e-5);
      }
    }
  }
}

test('painting a mask: masked weights exactly 0, rows sum to 1, an all-masked row is defined as 0', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=masking&mask=causal`);
  const readouts = page.getByTestId('masking-readouts');
  await expect(readouts.getByTestId('masked-count')).toHaveAttribute('data-value', '28');
  await expect(readouts.getByTestId('largest-masked-weight')).toHaveAttribute('data-value', '0');
  await expect(readouts.getByTestId('empty-rows')).toHaveAttribute('data-value', '');
  checkMasking(await exportedDocument(page));

  // Click the only allowed cell of row 0: painting starts from the causal mask on screen.
  let point = await painterCell(page, 8, 0, 0);
  await page.mouse.click(point.x, point.y);
  await waitSettled(page);
  await expect(page).toHaveURL(/mask=custom/);
  await expect(page).toHaveURL(/paint=/);
  await expect(readouts.getByTestId('empty-rows')).toHaveAttribute('data-value', '0');
  await expect(readouts.getByTestId('masked-count')).toHaveAttribute('data-value', '29');
  let document_ = await exportedDocument(page);
  expect(document_.config.mask).toBe('custom');
  checkMasking(document_);
  // Row 0 attends to nothing: its attention output is exactly 0 (the residual carries x on).
  expect(document_.trace['layers.0.attentionOutput'].data.slice(0, 64).every((value) => value === 0)).toBe(true);

  // Drag along row 3 across its four allowed cells: the whole row becomes masked.
  point = await painterCell(page, 8, 3, 0);
  await page.mouse.move(point.x, point.y);
  await page.mouse.down();
  for (const col of [1, 2, 3]) {
    const next = await painterCell(page, 8, 3, col);
    await page.mouse.move(next.x, next.y, { steps: 2 });
  }
  await page.mouse.up();
  await waitSettled(page);
  await expect(readouts.getByTestId('empty-rows')).toHaveAttribute('data-value', '0,3');
  await expect(readouts.getByTestId('empty-rows')).toContainText('row 0, 3');
  checkMasking(await exportedDocument(page));
  const rowSums = readouts.getByTestId('row-sums');
  expect(Math.abs(Number(await rowSums.getAttribute('data-min')) - 1)).toBeLessThan(1e-5);
  expect(Math.abs(Number(await rowSums.getAttribute('data-max')) - 1)).toBeLessThan(1e-5);

  // Keyboard: the painter takes focus, arrows move, Space paints (3,0) back to allowed.
  await page.mouse.move(0, 0); // no cell hovered: the first arrow press starts at (0,0)
  await page.getByTestId('mask-painter').locator('[role="application"]').focus();
  await page.keyboard.press('ArrowDown'); // first press selects (0,0)
  for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await waitSettled(page);
  await expect(readouts.getByTestId('empty-rows')).toHaveAttribute('data-value', '0');
  document_ = await exportedDocument(page);
  expect(document_.trace.mask.data[3 * 8]).toBe(1);

  // Hovering a weight shows the exported numbers; a masked one says exactly 0.
  const weights = page.getByTestId('masking-weights').locator('canvas');
  const box = (await weights.boundingBox())!;
  await page.mouse.move(box.x + (6.5 * box.width) / 8, box.y + (2.5 * box.height) / 8);
  const hoverWeight = page.getByTestId('hover-weight');
  await expect(hoverWeight).toHaveAttribute('data-value', '0');
  await expect(hoverWeight).toContainText('0 (exactly)');
  await expect(page.getByTestId('hover-masked-score')).toHaveAttribute(
    'data-value',
    String(document_.trace['layers.0.maskedScores'].data[2 * 8 + 6]),
  );
  await page.mouse.move(box.x + (1.5 * box.width) / 8, box.y + (2.5 * box.height) / 8);
  expect(Number(await hoverWeight.getAttribute('data-value'))).toBeCloseTo(document_.trace['layers.0.attentionWeights'].data[2 * 8 + 1]!, 6);

  // Allow everything: nothing masked.
  await page.getByTestId('paint-allow-all').click();
  await waitSettled(page);
  await expect(readouts.getByTestId('masked-count')).toHaveAttribute('data-value', '0');
  // The explanation may name NaN; the figures and readouts never show one.
  expect(await page.locator('section.figures').textContent()).not.toMatch(/NaN|Infinity/);
  expect(pageErrors).toEqual([]);
});

test('a painted mask survives a reload through the URL', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=masking&n=6&mask=custom&paint=3eA7h_`);
  await expect(page.getByTestId('masking-readouts').getByTestId('empty-rows')).toHaveAttribute('data-value', '2');
  checkMasking(await exportedDocument(page));
  expect(pageErrors).toEqual([]);
});
