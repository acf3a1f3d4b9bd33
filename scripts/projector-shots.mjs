// Projector mode, every lesson, every figure page: measures whether it fits the window and
// takes a screenshot of each page.
//   node scripts/projector-shots.mjs <outdir> [width] [height] [theme] [lang] [lessons,comma,separated]
// Needs the built app served on http://localhost:$QKV_PORT (default 4173).
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { launchOptions } from './browser.mjs';

const ALL = ['playground', 'qkv', 'scaling', 'formula', 'heads', 'masking', 'position', 'norms', 'depth', 'cost'];
const [out = 'screenshots/projector', width = '1024', height = '768', theme = 'light', lang = 'en', only = ''] = process.argv.slice(2);
const lessons = only ? only.split(',') : ALL;
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(launchOptions);
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
const port = process.env.QKV_PORT ?? 4173;
for (const lesson of lessons) {
  await page.goto(`http://localhost:${port}/?lesson=${lesson}&lang=${lang}&theme=${theme}&view=projector&backend=wasm`);
  await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('main [data-ready="false"], main .lesson-loading').length === 0, null, { timeout: 120_000 });
  await page.waitForTimeout(800);
  const count = Number(await page.locator('.figure-pages').getAttribute('data-pages'));
  for (let p = 0; p < count; p++) {
    if (p > 0) {
      await page.getByTestId('figure-page-next').click();
      await page.waitForTimeout(600);
    }
    const m = await page.evaluate(() => {
      const doc = document.scrollingElement;
      const area = document.querySelector('[data-testid="figure-pages"]');
      return {
        doc: `${doc.scrollWidth}x${doc.scrollHeight}`,
        area: `${area.clientWidth}x${area.clientHeight}`,
        content: `${area.scrollWidth}x${area.scrollHeight}`,
        fits: doc.scrollHeight <= innerHeight && doc.scrollWidth <= innerWidth && area.scrollHeight <= area.clientHeight + 1 && area.scrollWidth <= area.clientWidth + 1,
      };
    });
    console.log(`${lesson.padEnd(10)} page ${p + 1}/${count} ${m.fits ? 'FITS' : 'OVER'} doc ${m.doc} area ${m.area} content ${m.content}`);
    await page.screenshot({ path: `${out}/${lesson}-${p + 1}.png` });
  }
}
await browser.close();
