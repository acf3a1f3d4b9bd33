// Extreme but allowed settings, straight from a URL: the largest model at the longest
// sequence unscaled, d_k = 1024 unscaled in the √d_k lesson, every key masked in every row,
// 16 heads of width d_k = 1. Whatever saturates or underflows is shown as such: no NaN or
// Infinity reaches the page's text, no error reaches the console.
import { test, expect, waitSettled } from './fixtures';

const EXTREMES = [
  'd=512&h=1&n=512&L=4&scale=0',
  'lesson=scaling&dk=1024&scale=0&d=512&h=1',
  `lesson=masking&mask=custom&n=8&paint=${'A'.repeat(11)}`,
  'lesson=formula&mask=custom&n=8&paint=' + 'A'.repeat(11) + '&scale=0',
  'lesson=heads&d=16&h=16&n=64',
  'lesson=qkv&tie=qkv&d=512&h=1&n=128&scale=0',
];

for (const query of EXTREMES) {
  test(`no NaN or Infinity on screen: ${query}`, async ({ page, pageErrors, backendName }) => {
    await page.goto(`./?backend=${backendName}&${query}`);
    await waitSettled(page);
    await expect(page.getByTestId('url-notices')).toHaveCount(0);
    expect(await page.evaluate(() => window.qkvLab.computeError())).toBeNull();
    expect(await page.evaluate(() => window.qkvLab.nonFiniteCount())).toBe(0);
    // The explanations name NaN on purpose ("0/0 = NaN", "defined, not NaN"); numbers never may.
    const text = (await page.locator('body').innerText()).replace(/0\/0 = NaN|not NaN/g, '');
    expect(text).not.toMatch(/\bNaN\b|Infinity|undefined/);
    expect(pageErrors).toEqual([]);
  });
}
