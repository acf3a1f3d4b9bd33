// The cost lesson driven as a student would: the n slider and the model's d_model and h
// sliders change every count, checked here against the formulas written out again; the
// measurement on this backend starts by itself on opening (a progress line shows), is kept
// small here with the "time up to n" slider, restarts when h changes, and runs again from
// the button. Its displayed times are checked to exist, be finite and positive (never their
// values: software GPUs here), the displayed fit to be the least-squares fit this test
// computes from those times, and Table 1's "ours" row to show the time at the slider's n
// and the fitted share c·n² / (a + b·n + c·n²) computed here from the same fit.
import type { Page } from '@playwright/test';
import { test, expect, openApp } from '../fixtures';

const N_CHOICES = [8, 16, 32, 64, 128, 256, 384, 512, 768, 1024, 1536, 2048];

async function value(page: Page, testId: string): Promise<number> {
  const raw = await page.getByTestId(testId).getAttribute('data-value');
  expect(raw, `${testId} has a value`).toBeTruthy();
  return Number(raw);
}

async function setN(page: Page, n: number): Promise<void> {
  await page.getByTestId('cost-n').fill(String(N_CHOICES.indexOf(n)));
  await expect(page.getByTestId('cost-n-value')).toHaveText(String(n));
}

async function expectCounts(page: Page, n: number, dModel: number, heads: number, layers: number): Promise<void> {
  const dK = dModel / heads;
  const expected: Record<string, number> = {
    'cost-scores': 2 * n * n * dK,
    'cost-softmax': 5 * n * n,
    'cost-weighted': 2 * n * n * dK,
    'cost-quadratic': heads * (4 * n * n * dK + 6 * n * n),
    'cost-projections': 8 * n * dModel * dModel,
    'cost-ffn': 4 * n * dModel * 4 * dModel,
    'cost-memory': 4 * n * n * heads,
    'cost-memory-all': 4 * n * n * heads * layers,
    'cost-table-selfAttention': n * n * dModel,
    'cost-table-recurrent': n * dModel * dModel,
    'cost-table-convolutional': 3 * n * dModel * dModel,
    'cost-table-restricted': 32 * n * dModel,
  };
  for (const [testId, count] of Object.entries(expected)) {
    await expect(page.getByTestId(testId), `${testId} at n = ${n}`).toHaveAttribute('data-value', String(count));
  }
  // The FLOP counts are written out in full on screen (1,234,567).
  const scoresText = (await page.getByTestId('cost-scores').textContent())!.trim();
  expect(Number(scoresText.replaceAll(',', ''))).toBe(expected['cost-scores']);
  expect(await value(page, 'cost-crossover')).toBeCloseTo((8 * dModel * dModel) / (4 * dModel + 6 * heads), 9);
}

/** Least squares a + b·n + c·n² by Cramer's rule on the normal equations (n scaled by its maximum). */
function leastSquares(ns: number[], ts: number[]): [number, number, number] {
  const scale = Math.max(...ns);
  const xs = ns.map((n) => n / scale);
  const sum = (f: (x: number, t: number) => number) => xs.reduce((acc, x, i) => acc + f(x, ts[i]), 0);
  const s = [0, 1, 2, 3, 4].map((k) => sum((x) => x ** k));
  const r = [0, 1, 2].map((k) => sum((x, t) => t * x ** k));
  const det3 = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const matrix = [
    [s[0], s[1], s[2]],
    [s[1], s[2], s[3]],
    [s[2], s[3], s[4]],
  ];
  const d = det3(matrix);
  const solve = (col: number) => det3(matrix.map((row, i) => row.map((v, j) => (j === col ? r[i] : v)))) / d;
  return [solve(0), solve(1) / scale, solve(2) / (scale * scale)];
}

test('counts follow n, d_model and h; the measurement shows finite positive times and their least-squares fit', async ({ page, backendName, pageErrors }) => {
  test.setTimeout(400_000);
  await openApp(page, `backend=${backendName}&lesson=cost&lang=en`);
  await expect(page.getByTestId('cost-lesson')).toBeVisible();
  // The sweep starts without a click, with a progress line.
  await expect(page.getByTestId('cost-progress')).toContainText(/Measuring n = \d+… \(\d+ of 10\)/);
  for (const n of [1024, 8, 384, 2048]) {
    await setN(page, n);
    await expectCounts(page, n, 64, 4, 2);
  }
  // The model's own sliders feed the counts (keyboard on the heads slider: 4 → 8).
  await page.getByTestId('heads').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('heads-value')).toHaveText('8');
  // h changed: the sweep restarts. Keep it small for software GPUs: time n = 8, 16, 32 only.
  await page.getByTestId('cost-max-timed').fill('0');
  await expect(page.getByTestId('cost-max-timed-value')).toHaveText('32');
  await setN(page, 512);
  await expectCounts(page, 512, 64, 8, 2);

  const status = page.getByTestId('cost-status');
  await expect(status).toHaveAttribute('data-ready', 'true', { timeout: 300_000 });
  await expect(status).toHaveAttribute('data-backend', backendName);
  await expect(page.getByTestId('cost-time')).toHaveCount(3); // n = 8, 16, 32
  // "Measure again" runs the same sweep anew.
  const finished = Number(await status.getAttribute('data-sweeps'));
  await page.getByTestId('cost-measure').click();
  await expect(status).toHaveAttribute('data-sweeps', String(finished + 1), { timeout: 300_000 });
  await expect(status).toHaveAttribute('data-ready', 'true');

  const cells = page.getByTestId('cost-time');
  const count = await cells.count();
  expect(count).toBeGreaterThanOrEqual(3);
  const ns: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const time = Number(await cells.nth(i).getAttribute('data-value'));
    expect(Number.isFinite(time) && time > 0, `time ${i} = ${time}`).toBe(true);
    ns.push(Number(await cells.nth(i).getAttribute('data-n')));
    times.push(time);
  }
  // The largest n reached is shown and is the last n timed.
  expect(await value(page, 'cost-largest')).toBe(ns[ns.length - 1]);
  await expect(status).toContainText(`largest n = ${ns[ns.length - 1]}`);

  const [a, b, c] = leastSquares(ns, times);
  const shown = [await value(page, 'cost-fit-a'), await value(page, 'cost-fit-b'), await value(page, 'cost-fit-c')];
  const maxTime = Math.max(...times);
  const maxN = Math.max(...ns);
  // Coefficients in the units of their terms at the largest n, relative to the largest time.
  expect(Math.abs(shown[0] - a)).toBeLessThanOrEqual(1e-7 * maxTime);
  expect(Math.abs(shown[1] - b) * maxN).toBeLessThanOrEqual(1e-7 * maxTime);
  expect(Math.abs(shown[2] - c) * maxN * maxN).toBeLessThanOrEqual(1e-7 * maxTime);
  if (b > 0 && c > 0) expect(await value(page, 'cost-fit-crossover')).toBeCloseTo(b / c, 3);

  // The whole model is timed at the same n (all ≤ 512 here, unless the time budget ran out).
  const modelCells = page.getByTestId('cost-model-time');
  const modelCount = await modelCells.count();
  for (let i = 0; i < modelCount; i++) {
    const time = Number(await modelCells.nth(i).getAttribute('data-value'));
    expect(Number.isFinite(time) && time > 0, `model time ${i} = ${time}`).toBe(true);
  }
  await expect(page.getByTestId('cost-chart').locator('rect.model')).toHaveCount(modelCount);
  // The chart and the table's "ours" row show the measurement.
  await expect(page.getByTestId('cost-chart').locator('circle')).toHaveCount(count);
  await setN(page, 32);
  expect(await value(page, 'cost-table-ours-ms')).toBe(times[ns.indexOf(32)]);
  await expect(page.getByTestId('cost-table-ours')).toContainText('ms measured at n = 32');
  // The share is shown only where both fitted parts are non-negative (else it would exceed 100 %).
  const linearAt32 = a + b * 32;
  const quadraticAt32 = c * 32 * 32;
  const shareCell = page.getByTestId('cost-table-ours-share');
  if (linearAt32 >= 0 && quadraticAt32 >= 0) {
    const share = quadraticAt32 / (linearAt32 + quadraticAt32);
    expect(Math.abs((await value(page, 'cost-table-ours-share')) - share)).toBeLessThanOrEqual(1e-6);
  } else {
    await expect(shareCell).toHaveAttribute('data-value', '');
  }
  // Beyond the timed range the row says so instead of extrapolating.
  await setN(page, 1024);
  await expect(page.getByTestId('cost-table-ours')).toContainText('n = 1024 not timed (largest timed: 32)');

  const text = await page.getByTestId('cost-lesson').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(pageErrors).toEqual([]);
});
