// The positional-encoding lesson driven as a student would: the PE sliders (positions,
// base, offset, dimension, pos) with the displayed value checked against the formula
// computed here, the M_k and PE·PEᵀ errors against their bounds, then the order
// experiment: PE off + shuffle → the same rows (< 1e-4), PE on → different (> 1e-3).
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled } from '../fixtures';

async function value(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw, `${testId} has a value`).toBeTruthy();
  return Number(raw);
}

/** Put a slider on a value with the keyboard: Home, then → until its output says so. */
async function slideTo(page: Page, testId: string, target: number): Promise<void> {
  const slider = page.getByTestId(testId);
  await slider.focus();
  // From the nearer end: Home then →, or End then ← for targets near the top (pos 1000 of 1024).
  const fromTop = target >= 500;
  await page.keyboard.press(fromTop ? 'End' : 'Home');
  for (let step = 0; step < 1100; step++) {
    if (Number(await page.getByTestId(`${testId}-value`).textContent()) === target) return;
    await page.keyboard.press(fromTop ? 'ArrowLeft' : 'ArrowRight');
  }
  throw new Error(`${testId} never reached ${target}`);
}

async function expectNoNonFiniteText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity|∞/);
}

/** PE(pos, j) from the closed formula, written again here independently of the app. */
function formula(pos: number, j: number, d: number, base: number): number {
  const angle = pos / base ** ((2 * Math.floor(j / 2)) / d);
  return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

test('PE explorer: values match the formula, M_k and the offset-only similarity hold', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=position&lang=en`);
  await waitSettled(page);
  for (const [positions, base, offset, dimension, pos] of [
    [64, 10000, 1, 0, 2],
    [256, 100, 16, 5, 200],
    [1024, 10000, 100, 3, 1000],
  ] as const) {
    await slideTo(page, 'position-positions', positions);
    await slideTo(page, 'position-base', base);
    await slideTo(page, 'position-offset', offset);
    await slideTo(page, 'position-dimension', dimension);
    await slideTo(page, 'position-pos', pos);
    const shown = await value(page, 'position-picked-value');
    expect(Math.abs(shown - formula(pos, dimension, 64, base))).toBeLessThan(1e-12);
    const text = Number((await page.getByTestId('position-picked-value').textContent())!.trim());
    expect(Math.abs(text - formula(pos, dimension, 64, base))).toBeLessThan(1e-6);
    expect(await value(page, 'position-rotation-error')).toBeLessThan(1e-12);
    expect(await value(page, 'position-similarity-spread')).toBeLessThan(1e-10);
    await expectNoNonFiniteText(page);
  }
  expect(pageErrors).toEqual([]);
});

test('order experiment: without PE the shuffled rows are the same rows, with PE they differ', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=position&lang=en`);
  await waitSettled(page);
  await page.getByTestId('position-shuffle').click();
  const diff = page.getByTestId('position-order-diff');
  await expect(diff).not.toHaveAttribute('data-value', '', { timeout: 120_000 });
  await waitSettled(page);
  const withPe = await value(page, 'position-order-diff');
  expect(withPe).toBeGreaterThan(1e-3);
  // The device's float32 checks answer on their own schedule and their lines grow when they
  // do: click once they have, or the page may move under the pointer (it did once on WebGPU).
  for (const id of ['position-device-table', 'position-device-similarity']) {
    await expect(page.getByTestId(id)).not.toHaveAttribute('data-error', '', { timeout: 120_000 });
  }

  await page.getByText('add positional encoding').click(); // the label: the styled track covers the input
  await expect(page.getByTestId('position-pe-toggle')).not.toBeChecked();
  await waitSettled(page);
  await expect(diff).not.toHaveAttribute('data-value', '', { timeout: 120_000 });
  const withoutPe = await value(page, 'position-order-diff');
  expect(withoutPe).toBeLessThan(1e-4);
  await expect(page.getByTestId('position-shuffled-text')).not.toHaveText('');
  await expectNoNonFiniteText(page);
  expect(pageErrors).toEqual([]);
});

/** The on-device float32 readouts once they show the settings n/d/base/k on this backend. */
async function deviceErrors(page: Page, backendName: string, key: string) {
  const rotation = page.getByTestId('position-device-rotation');
  const table = page.getByTestId('position-device-table');
  const similarity = page.getByTestId('position-device-similarity');
  for (const line of [rotation, table, similarity]) {
    await expect(line).toHaveAttribute('data-key', key);
    await expect(line).toHaveAttribute('data-backend', backendName);
    await expect(line).not.toHaveAttribute('data-error', '');
  }
  const read = async (line: typeof rotation, name: string) => {
    const raw = await line.getAttribute(name);
    expect(raw, name).toBeTruthy();
    return Number(raw);
  };
  return {
    rotation: await read(rotation, 'data-error'),
    table: await read(table, 'data-error'),
    similarity: await read(similarity, 'data-error'),
    similarityTolerance: await read(similarity, 'data-tolerance'),
    text: await rotation.innerText(),
  };
}

test('on the device: M_k·PE(pos) = PE(pos+k) and the PE table to 1e-4 in float32, at n = 64 and n = 1024', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=position&lang=en`);
  await waitSettled(page);
  const defaults = await deviceErrors(page, backendName, '64/64/10000/1');
  const names: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
  expect(defaults.text).toContain(`on ${names[backendName]} (float32)`);
  for (const errors of [defaults]) {
    expect(errors.rotation).toBeLessThanOrEqual(1e-4);
    expect(errors.table).toBeLessThanOrEqual(1e-4);
    expect(errors.similarity).toBeLessThanOrEqual(errors.similarityTolerance);
  }

  await slideTo(page, 'position-positions', 1024);
  await slideTo(page, 'position-offset', 100);
  const large = await deviceErrors(page, backendName, '1024/64/10000/100');
  expect(large.rotation).toBeLessThanOrEqual(1e-4);
  expect(large.table).toBeLessThanOrEqual(1e-4);
  expect(large.similarity).toBeLessThanOrEqual(large.similarityTolerance);
  await slideTo(page, 'position-dmodel', 512);
  const widest = await deviceErrors(page, backendName, '1024/512/10000/100');
  expect(widest.rotation).toBeLessThanOrEqual(1e-4);
  expect(widest.table).toBeLessThanOrEqual(1e-4);
  expect(widest.similarity).toBeLessThanOrEqual(widest.similarityTolerance);
  // Printed for the record: the measured float32 errors on this backend.
  console.log(`${backendName}: n=64 ${JSON.stringify(defaults)}; n=1024 ${JSON.stringify(large)}; d=512 ${JSON.stringify(widest)}`);
  await expectNoNonFiniteText(page);
  expect(pageErrors).toEqual([]);
});
