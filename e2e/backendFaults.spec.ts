// Backends that fail to start (faults injected into the model worker, see faults.ts) and
// a worker that cannot load: the app falls back along the chain, says why, keeps
// computing the right numbers and stays free of errors.
import { test, expect, openApp, waitSettled, exportedDocument, maxTraceDifference } from './fixtures';
import { blockWorker, injectWorkerFaults, type Fault } from './faults';

const cases: { faults: Fault[]; backend: string; expected: string; reason: RegExp }[] = [
  { faults: ['webgpu-adapter-throws'], backend: 'webgpu', expected: 'webgl', reason: /WebGPU failed: requestAdapter\(\) failed: injected fault/ },
  { faults: ['webgpu-device-fails'], backend: 'webgpu', expected: 'webgl', reason: /WebGPU failed: .*requestDevice\(\) failed/ },
  { faults: ['webgl-context-fails'], backend: 'webgl', expected: 'wasm', reason: /WebGL failed: .*WebGL is not supported/ },
  { faults: ['wasm-blocked'], backend: 'wasm', expected: 'cpu', reason: /WASM failed: .*Refused to compile/ },
];

for (const { faults, backend, expected, reason } of cases) {
  test(`${faults.join(' + ')}: backend=${backend} falls back to ${expected} and says why`, async ({ page, context, pageErrors }) => {
    await injectWorkerFaults(page, faults);
    await openApp(page, `backend=${backend}`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', expected);
    await expect(page.getByTestId('backend-failures')).toContainText(reason);
    const document_ = await exportedDocument(page);
    expect(document_.backend.name).toBe(expected);
    // The fallback computes what that backend computes when it is chosen directly.
    const direct = await context.newPage();
    await openApp(direct, `backend=${expected}`);
    const difference = maxTraceDifference(await exportedDocument(direct), await exportedDocument(page));
    expect(difference).toBe(0);
    console.log(`${faults.join(' + ')}: ${await page.getByTestId('backend-failures').innerText()} (trace Δ ${difference})`);
    expect(pageErrors).toEqual([]);
  });
}

test('every accelerated backend failing: auto runs on CPU, lessons included', async ({ page, pageErrors }) => {
  await injectWorkerFaults(page, ['webgpu-adapter-throws', 'webgl-context-fails', 'wasm-blocked']);
  await openApp(page, '');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu');
  const decision = (await page.evaluate(() => window.qkvLab.autoDecision()))!;
  expect(decision.pick).toBe('cpu');
  expect(decision.timings.filter((timing) => timing.failure).map((timing) => timing.backend).sort()).toEqual(['wasm', 'webgl', 'webgpu']);
  // A lesson with a computation of its own runs too.
  await page.getByTestId('lesson-tab-norms').click();
  await expect(page.getByTestId('norms-status')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('norms-status')).toHaveAttribute('data-backend', 'cpu');
  expect(pageErrors).toEqual([]);
});

test('a model worker that cannot load: the model runs on the main thread, with a notice', async ({ page, pageErrors }) => {
  await blockWorker(page);
  await openApp(page, 'backend=wasm');
  expect(await page.evaluate(() => window.qkvLab.modelThread())).toBe('main');
  await expect(page.getByTestId('worker-notice')).toBeVisible();
  expect((await exportedDocument(page)).backend.name).toBe('wasm');
  await page.getByTestId('text-input').fill('the page computes it');
  await waitSettled(page);
  expect((await exportedDocument(page)).text).toBe('the page computes it');
  // The blocked worker script is a failed request, reported as a console error by Chromium: nothing else.
  expect(pageErrors.filter((error) => !/404|Failed to load resource/.test(error))).toEqual([]);
});
