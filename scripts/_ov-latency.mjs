// Temporary: input-to-paint latency of seq-len slider steps, playground vs overview (not committed).
import { chromium } from '@playwright/test';
import { launchOptions } from './browser.mjs';
const browser = await chromium.launch(launchOptions);
const configs = process.argv.slice(2);
for (const config of configs) for (const lesson of ['playground', 'overview']) {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(`http://localhost:4185/?lesson=${lesson}&backend=wasm&lang=en&${config}`);
  await page.waitForFunction(() => window.qkvLab?.settled(), null, { timeout: 240000 });
  const slider = page.getByTestId('seq-len');
  await slider.focus();
  const before = (await page.evaluate(() => window.qkvLab.latencySamples())).length;
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction(() => window.qkvLab.settled(), null, { timeout: 240000 });
    await page.waitForTimeout(50);
  }
  const samples = (await page.evaluate(() => window.qkvLab.latencySamples())).slice(before).sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${config} ${lesson}: n=${samples.length} median ${median?.toFixed(1)} ms, max ${samples.at(-1)?.toFixed(1)} ms`);
  await page.close();
}
await browser.close();
