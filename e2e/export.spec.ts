// Figure export (src/export): every kind downloaded through the figure's menu as a user
// would, and checked: PNGs have the PNG signature, the pixel size of the figure times the
// chosen scale, and are not blank (decoded in the page, distinct colours counted); SVGs
// parse, carry the chart's labels and draw (rendered in the page); CSV and JSON hold the
// numbers the app shows (the trace of "Export numbers", the readouts' data-value) within 1e-6.
// The menu is also driven with the keyboard alone.
import type { Download, Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { test, expect, openApp, exportedDocument } from './fixtures';
import { encodingTable } from '../src/reference/positionReference';

const EXACT = 1e-6;

interface Exported {
  name: string;
  bytes: Buffer;
  text: string;
}

async function saved(download: Download): Promise<Exported> {
  const path = await download.path();
  const bytes = await readFile(path);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** Open the figure's export menu with the mouse, choose `kind`, return the downloaded file. */
async function exportFile(page: Page, figure: Locator, kind: string): Promise<Exported> {
  await figure.getByTestId('export-button').first().click();
  const item = page.getByTestId('export-menu').locator(`[data-kind="${kind}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  return saved(download);
}

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
function pngHeader(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Decode an image in the page and count its distinct colours (a blank image has one). */
async function decodedColours(page: Page, mime: string, bytes: Buffer): Promise<{ width: number; height: number; colours: number }> {
  return page.evaluate(
    async ({ mime, base64 }) => {
      const image = new Image();
      image.src = `data:${mime};base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = new Uint32Array(context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
      const colours = new Set<number>();
      for (const pixel of pixels) colours.add(pixel);
      return { width: image.naturalWidth, height: image.naturalHeight, colours: colours.size };
    },
    { mime, base64: bytes.toString('base64') },
  );
}

/** Parse an SVG in the page: its size, every <text>'s content, and the embedded images. */
async function parseSvg(page: Page, markup: string) {
  return page.evaluate((markup) => {
    const document_ = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const root = document_.documentElement;
    return {
      error: document_.querySelector('parsererror')?.textContent ?? null,
      tag: root.tagName,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      title: document_.querySelector('title')?.textContent ?? '',
      texts: Array.from(document_.querySelectorAll('text'), (text) => text.textContent ?? ''),
      images: Array.from(document_.querySelectorAll('image'), (image) => (image.getAttribute('href') ?? '').slice(0, 22)),
      classes: document_.querySelectorAll('[class]').length,
      scripts: document_.querySelectorAll('script, foreignObject').length,
    };
  }, markup);
}

/** RFC 4180 CSV (quoted fields, "" escapes, CRLF) into rows of strings. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), index++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), index++;
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(EXACT);
}

/** PNG at each scale: right signature, the SVG's size × scale, and a picture (many colours). */
async function checkPngs(page: Page, figure: Locator, svgSize: { width: number; height: number }, scales: number[], minColours: number) {
  for (const scale of scales) {
    const png = await exportFile(page, figure, `png${scale}`);
    const header = pngHeader(png.bytes);
    expect(header).toEqual({ width: Math.round(svgSize.width * scale), height: Math.round(svgSize.height * scale) });
    const decoded = await decodedColours(page, 'image/png', png.bytes);
    expect(decoded.width).toBe(header.width);
    expect(decoded.colours, `${png.name}: distinct colours`).toBeGreaterThanOrEqual(minColours);
  }
}

test.describe('figure export', () => {
  test('playground heatmap: PNG at 1×, 2×, 4×, SVG with the tokens, CSV and JSON equal to the trace', async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=playground&lang=en&backend=wasm&head=2');
    const figure = page.locator('[data-exportable="attention-weights"]');
    await expect(figure.getByTestId('export-button')).toHaveAttribute('aria-label', /^Export “Attention weights · layer 1 · head 2/);
    const box = (await figure.boundingBox())!;

    const svg = await exportFile(page, figure, 'svg');
    expect(svg.name).toBe('qkv-playground-attention-weights.svg');
    const parsed = await parseSvg(page, svg.text);
    expect(parsed.error).toBeNull();
    expect(parsed.tag).toBe('svg');
    // The figure at its on-screen size plus the margin, labels that reach past its edge included.
    expect(parsed.width).toBeGreaterThanOrEqual(Math.floor(box.width));
    expect(parsed.height).toBeGreaterThanOrEqual(Math.floor(box.height));
    expect(parsed.title).toContain('Attention weights · layer 1 · head 2');
    for (const token of [...'大模型是个潜力股']) expect(parsed.texts, token).toContain(token);
    expect(parsed.texts.join(' ')).toContain('weight'); // the colour legend's title
    expect(parsed.images).toEqual(['data:image/png;base64,']); // the heatmap's pixels
    expect(parsed.classes).toBe(0); // styles are inline: no stylesheet needed
    expect(parsed.scripts).toBe(0);
    // The SVG draws: rendered in the page it is a picture, not a blank rectangle.
    const rendered = await decodedColours(page, 'image/svg+xml', svg.bytes);
    expect(rendered.colours).toBeGreaterThan(50);

    await checkPngs(page, figure, parsed, [1, 2, 4], 50);

    const trace = await exportedDocument(page);
    const n = trace.config.seqLen;
    const head = 1;
    const weights = trace.trace['layers.0.attentionWeights'];
    const expected = (row: number, col: number) => weights.data[head * n * n + row * n + col]!;

    const csv = await exportFile(page, figure, 'csv');
    expect(csv.name).toBe('qkv-playground-attention-weights.csv');
    const rows = parseCsv(csv.text);
    expect(rows).toHaveLength(n + 1);
    expect(rows[0]).toEqual(['query \\ key', ...'大模型是个潜力股']);
    let compared = 0;
    for (let row = 0; row < n; row++) {
      expect(rows[row + 1][0]).toBe('大模型是个潜力股'[row]);
      for (let col = 0; col < n; col++, compared++) expectClose(Number(rows[row + 1][col + 1]), expected(row, col), `csv[${row}][${col}]`);
    }
    expect(compared).toBe(64);

    const json = JSON.parse((await exportFile(page, figure, 'json')).text);
    expect(json).toMatchObject({ format: 'qkv-lab-figure', version: 1, lesson: 'playground', figure: 'attention-weights', meta: { layer: 0, head: 1 } });
    expect(json.settings.config).toMatchObject({ dModel: trace.config.dModel, numHeads: trace.config.numHeads, seqLen: n, seed: trace.config.seed });
    expect(json.tables[0].shape).toEqual([n, n]);
    json.tables[0].rows.forEach((cells: number[], row: number) => cells.forEach((value, col) => expectClose(value, expected(row, col), `json[${row}][${col}]`)));
    expect(pageErrors).toEqual([]);
  });

  test('the export menu works with the keyboard alone, in both languages', async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=playground&lang=zh&backend=wasm');
    const figure = page.locator('[data-exportable="attention-weights"]');
    const button = figure.getByTestId('export-button');
    await expect(button).toHaveAttribute('aria-label', /^导出“/);
    await expect(button).toHaveAttribute('aria-haspopup', 'menu');
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByTestId('export-menu');
    await expect(menu).toHaveAttribute('role', 'menu');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    // Hidden while the figure is only being read, shown while in use.
    await expect.poll(() => button.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
    const focusedKind = () => page.evaluate(() => document.activeElement?.getAttribute('data-kind'));
    await expect.poll(focusedKind).toBe('png1');
    await expect(menu.locator('[data-kind="png4"]')).toHaveText(/出版/);
    await page.keyboard.press('ArrowDown');
    expect(await focusedKind()).toBe('png2');
    await page.keyboard.press('End');
    expect(await focusedKind()).toBe('json');
    await page.keyboard.press('ArrowDown'); // wraps
    expect(await focusedKind()).toBe('png1');
    await page.keyboard.press('ArrowUp'); // wraps back
    expect(await focusedKind()).toBe('json');
    await page.keyboard.press('Home');
    expect(await focusedKind()).toBe('png1');
    // ← → move between lessons elsewhere; inside the menu they must not.
    await page.keyboard.press('ArrowRight');
    expect(new URL(page.url()).searchParams.get('lesson') ?? 'playground').toBe('playground');
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    // ↓ on the button opens the menu; three more ↓ reach SVG; Enter downloads it.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedKind).toBe('png1');
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowDown');
    expect(await focusedKind()).toBe('svg');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const svg = await saved(download);
    expect(svg.name).toBe('qkv-playground-attention-weights.svg');
    expect((await parseSvg(page, svg.text)).error).toBeNull();
    // Chinese text: the bundled CJK subset travels inside, for machines without a CJK font.
    expect(svg.text).toMatch(/<style>@font-face\{font-family:'QKV Lab Noto Sans SC subset';font-weight:400;src:url\(data:font\/woff2;base64,/);
    await expect(button).toBeFocused();
    await expect(figure.getByTestId('export-status')).toHaveText('已下载 qkv-playground-attention-weights.svg');

    // Tab leaves an open menu and closes it.
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(menu).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('D3 charts of the √d_k lesson: PNG, SVG with axis labels, CSV equal to the readouts', async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=scaling&lang=en&backend=wasm');
    await expect(page.getByTestId('probe-status')).toHaveAttribute('data-ready', 'true', { timeout: 200_000 });
    const figure = page.locator('[data-exportable="jacobian"]');

    const svg = await exportFile(page, figure, 'svg');
    expect(svg.name).toBe('qkv-scaling-jacobian.svg');
    const parsed = await parseSvg(page, svg.text);
    expect(parsed.error).toBeNull();
    const texts = parsed.texts.join(' ');
    for (const tick of ['2', '64', '1024', 'd_k']) expect(parsed.texts, tick).toContain(tick);
    expect(texts).toContain('unscaled, mean'); // the HTML legend, as SVG text
    expect(parsed.images).toEqual([]); // all vector
    expect(svg.text).not.toContain('@font-face'); // no Chinese, no font
    expect((await decodedColours(page, 'image/svg+xml', svg.bytes)).colours).toBeGreaterThan(20);
    await checkPngs(page, figure, parsed, [2], 20);

    const rows = parseCsv((await exportFile(page, figure, 'csv')).text);
    expect(rows[0].slice(0, 5)).toEqual(['d_k', 'unscaled mean', 'unscaled median', 'scaled mean', 'scaled median']);
    const at64 = rows.find((row) => row[0] === '64')!;
    for (const [column, testId] of [
      [1, 'probe-jacobian-mean-unscaled'],
      [2, 'probe-jacobian-median-unscaled'],
      [3, 'probe-jacobian-mean-scaled'],
      [4, 'probe-jacobian-median-scaled'],
    ] as const) {
      expectClose(Number(at64[column]), Number(await page.getByTestId(testId).getAttribute('data-value')), testId);
    }

    // The softmax bars: one row of weights, whose largest is the readout's max weight.
    const bars = parseCsv((await exportFile(page, page.locator('[data-exportable="softmax-bars"]'), 'csv')).text);
    expect(bars[0]).toEqual(['key', 'logit', 'weight']);
    const weights = bars.slice(1).map((row) => Number(row[2]));
    expectClose(Math.max(...weights), Number(await page.getByTestId('probe-row-max').getAttribute('data-value')), 'max weight');
    expectClose(weights.reduce((sum, value) => sum + value, 0), 1, 'row sum');
    expect(pageErrors).toEqual([]);
  });

  test('positional encoding: PE table CSV equals the formula, plain-SVG waves export', async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=position&lang=en&backend=wasm&pd=16&pn=16&ppos=3&pdim=5');
    const table = page.locator('[data-exportable="pe-table"]');
    const rows = parseCsv((await exportFile(page, table, 'csv')).text);
    expect(rows).toHaveLength(17);
    expect(rows[0]).toEqual(['pos \\ j', ...Array.from({ length: 16 }, (_, j) => String(j))]);
    const reference = encodingTable(16, 16, 10000);
    for (let pos = 0; pos < 16; pos++) for (let j = 0; j < 16; j++) expectClose(Number(rows[pos + 1][j + 1]), reference[pos * 16 + j], `PE(${pos}, ${j})`);
    expectClose(Number(rows[4][6]), Number(await page.getByTestId('position-picked-value').getAttribute('data-value')), 'picked PE(3, 5)');

    const wave = page.locator('[data-exportable="wave"]');
    const svg = await exportFile(page, wave, 'svg');
    expect(svg.name).toBe('qkv-position-wave.svg');
    const parsed = await parseSvg(page, svg.text);
    expect(parsed.error).toBeNull();
    expect(parsed.texts.join(' ')).toContain('Dimension 5');
    expect(svg.text).toMatch(/<path [^>]*d="M/); // the wave itself
    await checkPngs(page, wave, parsed, [1], 3);
    const waveRows = parseCsv((await exportFile(page, wave, 'csv')).text);
    expect(waveRows[0]).toEqual(['pos', 'PE(pos, 5)']);
    waveRows.slice(1).forEach((row, pos) => expectClose(Number(row[1]), reference[pos * 16 + 5], `wave ${pos}`));

    const json = JSON.parse((await exportFile(page, page.locator('[data-exportable="rotation"]'), 'json')).text);
    expect(json).toMatchObject({ lesson: 'position', figure: 'rotation', meta: { dModel: 16, pos: 3 } });
    expect(json.tables[0].columns).toEqual(['j', 'PE(pos+k)', 'M_k·PE(pos)']);
    expect(pageErrors).toEqual([]);
  });

  test('norms: heatmap groups and distributions export the numbers the readouts show', async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=norms&lang=en&backend=wasm');
    await expect(page.getByTestId('norms-status')).toHaveAttribute('data-ready', 'true');

    const tokens = page.locator('[data-exportable="token-statistics"]');
    const picked = page.getByTestId('norms-picked-token');
    const json = JSON.parse((await exportFile(page, tokens, 'json')).text);
    expect(json.tables.map((table: { name: string }) => table.name)).toEqual(['LayerNorm mean per token', 'LayerNorm variance per token']);
    const [mean, variance] = json.tables;
    const index = Number(await picked.getAttribute('data-token'));
    const columns = mean.shape[1];
    expectClose(mean.rows[Math.floor(index / columns)][index % columns], Number(await picked.getAttribute('data-mean')), 'token mean');
    expectClose(variance.rows[Math.floor(index / columns)][index % columns], Number(await picked.getAttribute('data-variance')), 'token variance');

    const channels = parseCsv((await exportFile(page, page.locator('[data-exportable="channel-statistics"]'), 'csv')).text);
    const channelReadout = page.getByTestId('norms-picked-channel');
    const channel = Number(await channelReadout.getAttribute('data-channel'));
    expect(channels[0]).toEqual(['channel', 'mean', 'variance']);
    expectClose(Number(channels[channel + 1][1]), Number(await channelReadout.getAttribute('data-mean')), 'channel mean');
    expectClose(Number(channels[channel + 1][2]), Number(await channelReadout.getAttribute('data-variance')), 'channel variance');

    const distributions = page.locator('[data-exportable="distributions"]');
    const tables = JSON.parse((await exportFile(page, distributions, 'json')).text).tables;
    const summary = tables.find((table: { name: string }) => table.name === 'summary');
    for (const [key, , meanValue, std] of summary.rows as [string, string, number, number][]) {
      const row = page.getByTestId(`norms-dist-${key}`);
      expectClose(meanValue, Number(await row.getAttribute('data-mean')), `${key} mean`);
      expectClose(std, Number(await row.getAttribute('data-std')), `${key} std`);
    }

    // A group of canvas heatmaps with cell labels: PNG at 2×, SVG with every token.
    const svg = await exportFile(page, tokens, 'svg');
    const parsed = await parseSvg(page, svg.text);
    expect(parsed.error).toBeNull();
    expect(parsed.images.length).toBe(2);
    for (const token of [...'我爱学习']) expect(parsed.texts, token).toContain(token);
    await checkPngs(page, tokens, parsed, [2], 50);
    expect(pageErrors).toEqual([]);
  });

  test("the overview's opened box exports its tensor, every head, as CSV and JSON", async ({ page, pageErrors }) => {
    await openApp(page, 'lesson=overview&obox=layers.0.values&lang=en&backend=wasm');
    const figure = page.locator('[data-exportable="layers.0.values"]');
    await expect(figure).toBeVisible();
    const trace = await exportedDocument(page);
    const values = trace.trace['layers.0.values'];
    const [heads, n, dK] = values.shape;
    const json = JSON.parse((await exportFile(page, figure, 'json')).text);
    expect(json).toMatchObject({ lesson: 'overview', figure: 'layers.0.values', meta: { stage: 'layers.0.values', shape: [heads, n, dK] } });
    expect(json.tables).toHaveLength(heads);
    let compared = 0;
    json.tables.forEach((table: { rows: number[][] }, head: number) =>
      table.rows.forEach((cells, row) =>
        cells.forEach((value, col) => {
          expectClose(value, values.data[(head * n + row) * dK + col]!, `head ${head} [${row}][${col}]`);
          compared++;
        }),
      ),
    );
    expect(compared).toBe(heads * n * dK);
    const csv = await exportFile(page, figure, 'csv');
    expect(csv.name).toBe('qkv-overview-layers-0-values.csv');
    expect(parseCsv(csv.text)[1]).toEqual(['token \\ channel', ...Array.from({ length: dK }, (_, col) => String(col))]);
    expect(pageErrors).toEqual([]);
  });

  test('every lesson offers an export on its figures', async ({ page, pageErrors }) => {
    const expected: Record<string, string[]> = {
      playground: ['attention-weights', 'all-heads'],
      qkv: ['separate', 'tied'],
      formula: ['pipeline', 'weights', 'worked-example'],
      heads: ['project', 'split', 'attend', 'concat', 'mix'],
      masking: ['mask-steps'],
      depth: ['histograms', 'std', 'gradient', 'saturation'],
      cost: ['timing', 'complexity-table'],
      longrange: ['paths', 'gradient'],
    };
    for (const [lesson, names] of Object.entries(expected)) {
      await openApp(page, `lesson=${lesson}&lang=en&backend=wasm`);
      await expect(page.locator('[data-exportable]').first()).toBeVisible();
      await expect.poll(() => page.locator('[data-exportable]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-exportable')))).toEqual(names);
      // Each figure's button is labelled and its menu lists the image kinds at least.
      const first = page.locator('[data-exportable]').first();
      await first.getByTestId('export-button').click();
      await expect(page.getByTestId('export-menu').getByRole('menuitem')).toHaveCount(6);
      await page.keyboard.press('Escape');
    }
    // The Q/K/V lesson's tied side exports its own model's scores (W_K = W_Q: symmetric).
    await openApp(page, 'lesson=qkv&lang=en&backend=wasm');
    const tied = page.locator('[data-exportable="tied"]');
    await expect(tied.getByTestId('symmetry-error')).toBeVisible();
    const json = JSON.parse((await exportFile(page, tied, 'json')).text);
    const scores: number[][] = json.tables[0].rows;
    expect(json.meta.config.tie).not.toBe('none');
    for (let i = 0; i < scores.length; i++) for (let j = 0; j < i; j++) expect(Math.abs(scores[i][j] - scores[j][i])).toBeLessThanOrEqual(1e-3 * (1 + Math.abs(scores[i][j])));
    expect(pageErrors).toEqual([]);
  });
});
