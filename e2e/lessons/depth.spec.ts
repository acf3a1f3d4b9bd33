// The depth lesson driven as a user: depth and gain sliders (keyboard), the normalisation
// choice; the per-layer std shown (data-value of the readouts, computed by the worker probe
// on the active backend) is checked against the Float64 reference computed here from the
// same seed. Tolerance: relative 1e-3 on each layer's std (float32 on GPU/wasm vs float64,
// through up to 24 layers). Runs on webgpu and on wasm.
import type { Page } from '@playwright/test';
import { test, expect, openApp } from '../fixtures';
import { depthReference, type DepthSetup } from '../../src/reference/depthReference';

const TOLERANCE = 1e-3;

async function waitReady(page: Page, backendName: string, setup: Partial<DepthSetup>): Promise<void> {
  const status = page.getByTestId('depth-status');
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
  await expect(status).toHaveAttribute('data-backend', backendName);
  for (const [name, value] of Object.entries(setup)) {
    await expect(status).toHaveAttribute('data-key', new RegExp(`"${name}":${JSON.stringify(value)}[,}]`), { timeout: 200_000 });
  }
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
}

async function shownStd(page: Page, testId: string): Promise<(number | null)[]> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw).toBeTruthy();
  return JSON.parse(raw!) as (number | null)[];
}

function expectMatches(shown: (number | null)[], setup: DepthSetup): void {
  const reference = depthReference(setup);
  expect(shown.length).toBe(setup.depth);
  shown.forEach((std, l) => {
    expect(std, `layer ${l + 1}`).not.toBeNull();
    expect(Math.abs(std! - reference.std[l]) / reference.std[l], `layer ${l + 1}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

async function noBadText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
}

test('depth: sliders and normalisation, shown std against the Float64 reference', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(600_000);
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en`);
  const base: DepthSetup = { seed: 1, depth: 16, width: 128, tokens: 64, gain: 1, activation: 'tanh', norm: 'none', residual: false };
  await waitReady(page, backendName, { depth: 16 });
  expectMatches(await shownStd(page, 'depth-std-main'), base);
  expectMatches(await shownStd(page, 'depth-std-contrast'), { ...base, norm: 'post' });

  // Depth slider: 16 → 24 by keyboard; gain slider 1 → 2^-0.5 (10 steps of 0.05 down).
  const depthSlider = page.getByTestId('depth-depth');
  await depthSlider.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  const gainSlider = page.getByTestId('depth-gain');
  await gainSlider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  const gain = Math.round(2 ** -0.5 * 1000) / 1000;
  await waitReady(page, backendName, { depth: 24, gain });
  const small = { ...base, depth: 24, gain };
  const noNorm = await shownStd(page, 'depth-std-main');
  expectMatches(noNorm, small);
  expectMatches(await shownStd(page, 'depth-std-contrast'), { ...small, norm: 'post' });
  // Without normalisation, tanh with gain < 1 collapses; with LayerNorm every layer stays ≈ 1.
  expect(noNorm[23]!).toBeLessThan(1e-3 * noNorm[0]!);
  for (const std of await shownStd(page, 'depth-std-contrast')) expect(Math.abs(std! - 1)).toBeLessThan(1e-2);

  // Switch normalisation to LayerNorm before each layer: the contrast becomes "none".
  await page.getByTestId('depth-norm').selectOption('pre');
  await waitReady(page, backendName, { norm: 'pre' });
  expectMatches(await shownStd(page, 'depth-std-main'), { ...small, norm: 'pre' });
  expect(await page.getByTestId('depth-std-contrast').getAttribute('data-norm')).toBe('none');
  expectMatches(await shownStd(page, 'depth-std-contrast'), small);

  // Explosion: linear, gain 2, 64 layers overflows float32; shown as text, never Infinity.
  await page.getByTestId('depth-activation').selectOption('linear');
  await gainSlider.focus();
  await page.keyboard.press('End');
  await depthSlider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('depth-width').selectOption('64');
  await waitReady(page, backendName, { depth: 64, gain: 2, activation: 'linear', width: 64 });
  const exploded = await shownStd(page, 'depth-std-contrast');
  const firstFinite = exploded.findIndex((v) => v !== null);
  expect(firstFinite).toBe(0);
  expect(exploded[40]!).toBeGreaterThan(1e6 * exploded[0]!);
  await noBadText(page);
  expect(pageErrors).toEqual([]);
});
