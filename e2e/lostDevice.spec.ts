// A lost GPU device in use (forced: WEBGL_lose_context.loseContext() / GPUDevice.destroy())
// is replaced without a reload: the notice says so, the same backend computes again, and
// the numbers on screen are the same as before the loss.
import { test, expect, openApp, waitSettled, exportedDocument, maxTraceDifference } from './fixtures';

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

test('a device lost in the middle of a forward pass: the pass is run again on the new device', async ({ page, context, backendName, pageErrors }) => {
  // Large enough that a pass takes a while on a software GPU, so the loss lands inside it.
  const query = `backend=${backendName}&n=128&d=256&h=8`;
  await openApp(page, query);
  // memory() waits in the worker's queue behind the shader warm-ups started after the first
  // result, so after it the next call is the pass itself.
  const tensorsBefore = (await page.evaluate(() => window.qkvLab.memory())).numTensors;
  await page.getByTestId('text-input').fill('lost in the middle of a pass');
  await page.waitForFunction(() => !window.qkvLab.settled());
  expect(await page.evaluate(() => window.qkvLab.loseDevice())).toBe(true);
  await expect(page.getByTestId('device-notice')).toHaveAttribute('data-outcome', 'restarted');
  await waitSettled(page);
  expect(await page.evaluate(() => window.qkvLab.computeError())).toBeNull();
  const after = await exportedDocument(page);
  expect(after.text).toBe('lost in the middle of a pass');
  expect(after.backend.name).toBe(backendName);
  expect((await page.evaluate(() => window.qkvLab.memory())).numTensors).toBe(tensorsBefore);

  // The same as a page that never lost its device.
  const fresh = await context.newPage();
  await openApp(fresh, `${query}&text=${encodeURIComponent('lost in the middle of a pass')}`);
  const difference = maxTraceDifference(await exportedDocument(fresh), after);
  expect(difference).toBeLessThanOrEqual(1e-6);
  console.log(`${backendName}: loss during a pass, recomputed, max |Δ| vs a fresh page ${difference}`);
  expect(pageErrors).toEqual([]);
});

test("a device lost while a lesson's own computation runs: the lesson still gets its numbers", async ({ page, backendName, pageErrors }) => {
  // The cost lesson times attention at several n as soon as it opens: lose the device
  // while that sweep runs (each timed n is one call to the model's thread).
  await openApp(page, `backend=${backendName}&lesson=cost`);
  await page.getByTestId('cost-max-timed').fill('1'); // up to n = 64: a short sweep
  await expect(page.getByTestId('cost-progress')).toBeVisible();
  expect(await page.evaluate(() => window.qkvLab.loseDevice())).toBe(true);
  await expect(page.getByTestId('device-notice')).toHaveAttribute('data-outcome', 'restarted');
  const status = page.getByTestId('cost-status');
  await expect(status).toHaveAttribute('data-ready', 'true');
  await expect(status).toHaveAttribute('data-backend', backendName);
  const times = await page.getByTestId('cost-time').evaluateAll((spans) => spans.map((span) => Number(span.getAttribute('data-value'))));
  expect(times.length).toBeGreaterThanOrEqual(3);
  for (const time of times) expect(time).toBeGreaterThan(0);
  await waitSettled(page);
  expect(pageErrors).toEqual([]);
});
