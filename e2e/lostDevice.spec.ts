// A lost GPU device in use (forced: WEBGL_lose_context.loseContext() / GPUDevice.destroy())
// is replaced without a reload: the notice says so, the same backend computes again, and
// the numbers on screen are the same as before the loss.
import { test, expect, openApp, waitSettled, exportedDocument } from './fixtures';
import type { ExportDocument } from '../src/state/exportTrace';

/** Largest difference between two exported traces (same tensors, same shapes). */
function maxTraceDifference(before: ExportDocument, after: ExportDocument): number {
  expect(Object.keys(after.trace).sort()).toEqual(Object.keys(before.trace).sort());
  let worst = 0;
  for (const [name, tensor] of Object.entries(before.trace)) {
    const other = after.trace[name];
    expect(other.shape, name).toEqual(tensor.shape);
    tensor.data.forEach((value, index) => {
      const next = other.data[index];
      // Exported non-finite values are null; they must stay where they were.
      if (value === null || next === null) expect(next, `${name}[${index}]`).toBe(value);
      else worst = Math.max(worst, Math.abs(value - next));
    });
  }
  return worst;
}

test('a lost device is replaced and the same result computed again', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}`);
  const before = await exportedDocument(page);
  expect(before.backend.name).toBe(backendName);
  const forwardsBefore = await page.evaluate(() => window.qkvLab.forwardCount());
  const tensorsBefore = (await page.evaluate(() => window.qkvLab.memory())).numTensors;

  const lostAt = Date.now();
  expect(await page.evaluate(() => window.qkvLab.loseDevice())).toBe(true);
  const notice = page.getByTestId('device-notice');
  await expect(notice).toBeVisible();
  const noticeMs = Date.now() - lostAt;
  await waitSettled(page);
  const settledMs = Date.now() - lostAt;
  await page.evaluate(() => window.qkvLab.forwardCount()).then((count) => expect(count).toBeGreaterThan(forwardsBefore));

  // Restarted, not fallen back: one loss is well under the limit.
  await expect(notice).toHaveAttribute('data-outcome', 'restarted');
  await expect(notice).toHaveAttribute('data-backend', backendName);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backendName);
  const after = await exportedDocument(page);
  expect(after.backend.name).toBe(backendName);
  // The dead device's weights were freed, the new device's uploaded: no more tensors than before.
  expect((await page.evaluate(() => window.qkvLab.memory())).numTensors).toBe(tensorsBefore);
  const difference = maxTraceDifference(before, after);
  expect(difference).toBeLessThanOrEqual(1e-6);
  console.log(`${backendName}: notice after ${noticeMs} ms, settled after ${settledMs} ms, max |Δ| ${difference}: ${await notice.textContent()}`);

  // The replaced backend keeps working for new input.
  await page.getByTestId('notice-dismiss').click();
  await expect(notice).toBeHidden();
  await page.getByTestId('text-input').fill('attention after a lost device');
  await waitSettled(page);
  const changed = await exportedDocument(page);
  expect(changed.text).toBe('attention after a lost device');
  expect(changed.backend.name).toBe(backendName);
  expect(pageErrors).toEqual([]);
});

test('a device lost three times within a minute falls back to the next backend', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}`);
  const notice = page.getByTestId('device-notice');
  for (let loss = 1; loss <= 3; loss++) {
    expect(await page.evaluate(() => window.qkvLab.loseDevice())).toBe(true);
    await expect(notice).toHaveAttribute('data-outcome', loss < 3 ? 'restarted' : 'fellBack');
    await waitSettled(page);
    await page.getByTestId('notice-dismiss').click();
  }
  const next = backendName === 'webgpu' ? 'webgl' : 'wasm';
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', next);
  await expect(page.getByTestId('backend-failures')).toContainText('3 times within a minute');
  expect((await exportedDocument(page)).backend.name).toBe(next);
  expect(pageErrors).toEqual([]);
});
