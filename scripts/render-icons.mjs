// Rasterises the hand-drawn app icon (static/icons/icon.svg) to the PNG sizes the web app
// manifest lists, in headless Chromium: node scripts/render-icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { launchOptions } from './browser.mjs';

const ICONS = new URL('../static/icons/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', ICONS)).toString('base64');
const browser = await chromium.launch(launchOptions);
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0"><img src="data:image/svg+xml;base64,${svg}" width="${size}" height="${size}"></body>`);
  await page.locator('img').evaluate((image) => image.decode());
  const path = new URL(`icon-${size}.png`, ICONS).pathname;
  await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(path);
  await page.close();
}
await browser.close();
