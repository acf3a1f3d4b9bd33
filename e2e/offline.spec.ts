// The built folder served from a course website's subfolder, and the app offline after one
// visit: the service worker precaches everything, the page loads with the network gone
// and still computes on WASM, WebGL and WebGPU, opens other lessons, and a new build's
// worker takes over on reload. Served by e2e/distServer.ts (Node http, with the CSP header).
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, waitSettled, exportedDocument, maxTraceDifference, cellImages } from './fixtures';
import { builtPrecache, serveDist, type DistServer } from './distServer';
import { LESSON_IDS } from '../src/state/lessons';
import { VIRIDIS, lookupIndex } from '../src/charts/colorScale';

let server: DistServer;
test.beforeEach(async () => {
  server = await serveDist('/courses/ml/qkv/');
});
test.afterEach(async () => {
  await server.close();
});

/** Every request of the context, the service worker's included, that leaves the app's folder. */
function recordForeign(context: BrowserContext): string[] {
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith(server.url)) foreign.push(url);
  });
  return foreign;
}

/** Wait until the service worker controls the page and has said so ("ready offline"). */
async function waitControlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  // The toast leaves after a few seconds; <html data-offline> keeps the state.
  await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready');
}

/** The big heatmap's pixels are the viridis colours of layer 1, head 1's exported weights. */
async function expectHeatmapDrawn(page: Page): Promise<void> {
  const exported = await exportedDocument(page);
  const n = exported.config.seqLen;
  const layer = exported.trace['layers.0.attentionWeights'].data as number[];
  const domainMax = Math.max(...layer);
  const [{ rgba: pixels }] = await cellImages(page, '[data-testid="attention-heatmap"] canvas');
  expect(pixels.length).toBe(n * n * 4);
  for (let i = 0; i < n; i++) {
    const row = layer.slice(i * n, (i + 1) * n);
    expect(row.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 5);
    row.forEach((weight, j) => {
      const index = lookupIndex(weight, 0, domainMax) * 4;
      expect(pixels.slice((i * n + j) * 4, (i * n + j) * 4 + 3), `cell ${i},${j}`).toEqual(Array.from(VIRIDIS.table.slice(index, index + 3)));
    });
  }
}

async function openLesson(page: Page, id: string): Promise<void> {
  await page.getByTestId(`lesson-tab-${id}`).click();
  if (id !== 'playground') await expect(page.getByTestId('lesson-explanation')).toBeVisible();
  await expect(page.getByTestId('lesson-load-error')).toHaveCount(0);
  await waitSettled(page);
}

test('served from a subfolder: computes a heatmap, every lesson loads, fonts, manifest and worker resolve there', async ({ page, context, pageErrors }) => {
  const foreign = recordForeign(context);
  await page.goto(`${server.url}?backend=wasm&lang=zh`);
  await waitSettled(page);
  await expectHeatmapDrawn(page);
  expect((await exportedDocument(page)).backend.name).toBe('wasm');
  // Where no installed font draws Chinese (CI machines have none), the page fetched both faces
  // of the bundled subset before it mounted. Where one does, it did not wait for them; the
  // browser fetches a face only if the installed font is not one the font stack names.
  const fontsFetched = await page.evaluate(() => ({
    source: document.documentElement.dataset.cjkFont,
    files: performance.getEntriesByType('resource').filter((entry) => /NotoSansSC-.*\.woff2$/.test(entry.name)).length,
  }));
  expect(['system', 'bundled']).toContain(fontsFetched.source);
  if (fontsFetched.source === 'bundled') expect(fontsFetched.files).toBe(2);

  for (const id of LESSON_IDS) await openLesson(page, id);
  // KaTeX's fonts came from the subfolder (the formula lesson typesets on opening).
  await page.getByTestId('lesson-tab-formula').click();
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => [...document.fonts].some((font) => font.family.includes('KaTeX') && font.status === 'loaded'))).toBe(true);
  // The bundled Chinese subset loads from there too (a machine with a system CJK font never needs it).
  const cjk = await page.evaluate(async () => (await document.fonts.load('20px "QKV Lab Noto Sans SC subset"', '注意力')).map((font) => font.status));
  expect(cjk).toEqual(['loaded']);

  // The service worker's scope is the subfolder; the manifest and its icons resolve inside it.
  await waitControlled(page);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(server.url);
  const manifestUrl = await page.locator('link[rel="manifest"]').evaluate((link: HTMLLinkElement) => link.href);
  expect(manifestUrl).toBe(`${server.url}manifest.webmanifest`);
  const icons = await page.evaluate(async (url) => {
    const manifest = await (await fetch(url)).json();
    return Promise.all(
      manifest.icons.map(async (icon: { src: string; sizes: string }) => {
        const response = await fetch(new URL(icon.src, url));
        return { sizes: icon.sizes, status: response.status, type: response.headers.get('content-type'), bytes: (await response.arrayBuffer()).byteLength };
      }),
    );
  }, manifestUrl);
  expect(icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(['any', '192x192', '512x512']);
  for (const icon of icons) {
    expect(icon.status).toBe(200);
    expect(icon.bytes).toBeGreaterThan(500);
  }
  expect(server.requests.every((path) => path.startsWith('/courses/ml/qkv/'))).toBe(true);
  expect(foreign).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('after one visit the app loads and computes with the network gone, lessons and backends included', async ({ page, context, pageErrors }) => {
  const foreign = recordForeign(context);
  await page.goto(`${server.url}?backend=wasm`);
  await waitSettled(page);
  await waitControlled(page);
  const online = await exportedDocument(page);

  // Every file of the build's list is in the cache.
  const precache = builtPrecache();
  const cached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith('qkv-lab-'));
    const keys = names.length === 1 ? await (await caches.open(names[0])).keys() : [];
    return { names, urls: keys.map((request) => request.url) };
  });
  expect(cached.names).toEqual([`qkv-lab-${precache.version}`]);
  expect(cached.urls.sort()).toEqual(precache.files.map((file) => `${server.url}${file}`).sort());
  expect(precache.files.filter((file) => /Lesson-.*\.js$/.test(file))).toHaveLength(LESSON_IDS.length - 1);
  for (const part of [/modelWorker-.*\.js$/, /tfjs-backend-wasm-simd-.*\.wasm$/, /KaTeX_Main-Regular-.*\.woff2$/, /NotoSansSC-Regular-subset-.*\.woff2$/, /^icons\/icon-512\.png$/, /^manifest\.webmanifest$/]) {
    expect(precache.files.some((file) => part.test(file)), String(part)).toBe(true);
  }

  // The network goes: the browser is offline and the server drops every connection.
  await context.setOffline(true);
  server.down = true;
  const askedBefore = server.requests.length;
  const notFromWorker: string[] = [];
  page.on('response', (response) => {
    if (!response.url().startsWith('data:') && !response.fromServiceWorker()) notFromWorker.push(response.url());
  });

  await page.reload();
  await waitSettled(page);
  await expectHeatmapDrawn(page);
  expect(maxTraceDifference(online, await exportedDocument(page))).toBe(0);
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);
  // Without an installed CJK font, both faces of the bundled Chinese font came from the cache
  // (the page mounts after them).
  const cjkFaces = await page.evaluate(() => ({
    source: document.documentElement.dataset.cjkFont,
    statuses: [...document.fonts].filter((font) => font.family.includes('QKV Lab')).map((font) => font.status),
  }));
  if (cjkFaces.source === 'bundled') expect(cjkFaces.statuses).toEqual(['loaded', 'loaded']);
  expect(cjkFaces.statuses).not.toContain('error');

  // Two other lessons, each its own chunk (the formula lesson typesets with KaTeX's fonts).
  await openLesson(page, 'formula');
  await expect(page.locator('.katex').first()).toBeVisible();
  await openLesson(page, 'norms');
  await expect(page.getByTestId('norms-status')).toHaveAttribute('data-ready', 'true');
  await openLesson(page, 'playground');

  // Other backends, their code and shaders all from the cache.
  for (const backend of ['webgl', 'webgpu'] as const) {
    await page.getByTestId('backend-select').selectOption(backend);
    await waitSettled(page);
    const document_ = await exportedDocument(page);
    expect(document_.backend.name).toBe(backend);
    expect(maxTraceDifference(online, document_)).toBeLessThan(1e-4);
    await expectHeatmapDrawn(page);
  }

  // Only the browser's own update check for sw.js may have tried the network.
  expect(server.requests.slice(askedBefore).filter((path) => !path.endsWith('/sw.js'))).toEqual([]);
  expect(notFromWorker).toEqual([]);
  expect(foreign).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('a new build’s service worker waits, offers a reload and then takes over alone', async ({ page, pageErrors }) => {
  await page.goto(`${server.url}?backend=wasm`);
  await waitSettled(page);
  await waitControlled(page);
  const { version } = builtPrecache();
  const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  expect(firstWorker).toBe(`${server.url}sw.js`);

  // A deployment: sw.js changes (another version, so another cache).
  server.rewriteServiceWorker = (code) => code.replace(`"version":"${version}"`, `"version":"${version}-next"`);
  await page.reload();
  await waitSettled(page);
  await expect(page.getByTestId('offline-notice')).toHaveAttribute('data-state', 'update');
  await expect(page.getByTestId('offline-notice')).toContainText('new version');
  // Until the user accepts, the old build keeps the page; both caches exist.
  expect((await page.evaluate(() => caches.keys())).sort()).toEqual([`qkv-lab-${version}`, `qkv-lab-${version}-next`]);

  await Promise.all([page.waitForEvent('load'), page.getByTestId('offline-reload').click()]);
  await waitSettled(page);
  await expectHeatmapDrawn(page);
  expect(await page.evaluate(() => caches.keys())).toEqual([`qkv-lab-${version}-next`]);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
