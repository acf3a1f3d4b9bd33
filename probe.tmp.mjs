import { chromium } from '@playwright/test';
import { launchOptions } from '/work/main/scripts/browser.mjs';
const [query, w, h] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions);
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
await page.goto(`http://localhost:4195/${query}`);
await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 120_000 });
await page.waitForTimeout(1000);
console.log(await page.evaluate(() => {
  const doc = document.scrollingElement;
  const out = { page: [doc.scrollHeight, doc.clientHeight] };
  for (const el of document.querySelectorAll('[data-testid^="overview-detail"], .detail, aside')) {
    out[el.getAttribute('data-testid') ?? el.className] = [el.scrollHeight, el.clientHeight, Math.round(el.getBoundingClientRect().bottom)];
  }
  return JSON.stringify(out);
}));
await browser.close();
