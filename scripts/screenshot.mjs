// Screenshots of the built app as a student would see it:
//   node scripts/screenshot.mjs [query] [out.png] [width] [height]
//   env: HOVER=row,col  FULL=1  CLICK=<data-testid> (pressed once settled)  WAIT=<ms> (default 1500:
//   lesson probes run after the model has settled)
// Needs `npm run preview` (or any server) on http://localhost:4173 (or $QKV_PORT).
import { chromium } from '@playwright/test';
import { launchOptions } from './browser.mjs';

const [query = '', out = 'screenshots/playground.png', width = '1024', height = '768'] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions);
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
page.on('console', (message) => console.log(`[console.${message.type()}] ${message.text()}`));
page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
await page.goto(`http://localhost:${process.env.QKV_PORT ?? 4173}/${query}`);
await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 120_000 });
console.log(JSON.stringify(await page.evaluate(() => window.qkvLab.backend())));
// HOVER=row,col points at a cell of the big heatmap, to show the readout.
if (process.env.HOVER) {
  const [row, col] = process.env.HOVER.split(',').map(Number);
  const box = await page.locator('[data-testid="attention-heatmap"] canvas').boundingBox();
  const n = await page.evaluate(() => window.qkvLab.settings().config.seqLen);
  await page.mouse.move(box.x + ((col + 0.5) * box.width) / n, box.y + ((row + 0.5) * box.height) / n);
}
if (process.env.CLICK) await page.getByTestId(process.env.CLICK).click();
await page.waitForTimeout(Number(process.env.WAIT ?? 1500));
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
await browser.close();
