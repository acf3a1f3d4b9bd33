// Chromium started without --enable-unsafe-webgpu: WebGPU's adapter request finds
// nothing, as on a machine without a usable GPU. The app must fall back and say why.
import { test, expect, openApp, exportedDocument } from './fixtures';

test('a preferred backend that cannot start is skipped and the badge says why', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=webgpu');
  await expect(page.getByTestId('backend-name')).toHaveText('WebGL');
  await expect(page.getByTestId('backend-failures')).toContainText('WebGPU');
  await expect(page.getByTestId('backend-failures')).toContainText('requestAdapter() returned null');
  expect((await exportedDocument(page)).backend.name).toBe('webgl');
  expect(pageErrors).toEqual([]);
});

test('auto measures only the backends that start', async ({ page, pageErrors }) => {
  await openApp(page, '');
  const decision = (await page.evaluate(() => window.qkvLab.autoDecision()))!;
  const failed = decision.timings.filter((timing) => timing.failure);
  expect(failed.map((timing) => timing.backend)).toEqual(['webgpu']);
  expect(decision.pick).not.toBe('webgpu');
  expect((await exportedDocument(page)).backend.name).toBe(decision.pick);
  expect(pageErrors).toEqual([]);
});
