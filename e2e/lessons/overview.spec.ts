// The model overview used as a teacher would: every box shows its own tensor of the
// exported forward pass (the pixels of its heatmap, its shape, its statistics and the
// values under the pointer); following a token outlines its row in every box; comparing
// with B marks exactly the boxes that differ, with max |A − B| as the exports compute it;
// the picture pans and zooms by keyboard, mouse and wheel.
import type { Page } from '@playwright/test';
import { test, expect, openApp, exportedDocument, waitSettled } from '../fixtures';
import type { ExportDocument } from '../../src/state/exportTrace';
import { DIVERGING, VIRIDIS, lookupIndex } from '../../src/charts/colorScale';
import { buildStages, tileGeometry, type Stage } from '../../src/lessons/overviewStages';
import { colourDomain, tensorStats } from '../../src/lessons/overviewValues';

// Small enough that no heatmap is pooled (64 columns at most, the thumbnails are wider), so
// every canvas pixel is one value.
const SMALL = 'd=16&h=2&L=2';
const NUM_LAYERS = 2;

async function openOverview(page: Page, backendName: string, query = '') {
  await openApp(page, `backend=${backendName}&lesson=overview&lang=en&${SMALL}${query ? `&${query}` : ''}`);
  await waitReady(page);
}

const waitReady = async (page: Page) => {
  await waitSettled(page);
  await expect(page.getByTestId('overview')).toHaveAttribute('data-ready', 'true');
};

/** Open a box (if it is not open already) without scrolling anything. */
async function openBox(page: Page, stageId: string) {
  const detail = page.getByTestId('overview-detail');
  if ((await detail.count()) > 0 && (await detail.getAttribute('data-stage')) === stageId) return;
  await page.locator(`[data-testid="overview-box"][data-stage="${stageId}"]`).dispatchEvent('click');
  await expect(detail).toHaveAttribute('data-stage', stageId);
}

const toArray = (data: (number | null)[]) => Float64Array.from(data, (value) => (value === null ? NaN : value));

/** The RGBA every pixel of a stage's tiles must have: the app's colour rule applied to the exported values. */
function expectedPixels(stage: Stage, document_: ExportDocument): { tiles: number; rows: number; cols: number; rgba: number[][] } {
  const tensor = document_.trace[stage.id];
  const values = toArray(tensor.data);
  const geometry = tileGeometry(tensor.shape);
  const allowed = stage.masked ? toArray(document_.trace.mask.data) : undefined;
  const domain = colourDomain([values], geometry, stage.colour, allowed);
  const table = (stage.colour === 'signed' ? DIVERGING : VIRIDIS).table;
  const rgba: number[][] = [];
  for (let tile = 0; tile < geometry.tiles; tile++) {
    const pixels: number[] = [];
    for (let cell = 0; cell < geometry.rows * geometry.cols; cell++) {
      if (allowed && allowed[cell] === 0) pixels.push(150, 150, 150, 255);
      else {
        const index = lookupIndex(values[tile * geometry.rows * geometry.cols + cell], domain[0], domain[1]) * 4;
        pixels.push(table[index], table[index + 1], table[index + 2], 255);
      }
    }
    rgba.push(pixels);
  }
  return { ...geometry, rgba };
}

/** Every tile canvas of one box's thumbnail (A or B): its pixel size and RGBA. */
const thumbnailPixels = (page: Page, stage: string, run: 'a' | 'b') =>
  page.evaluate(
    ({ stage, run }) => {
      const box = document.querySelector(`[data-testid="overview-box"][data-stage="${stage}"]`)!;
      return [...box.querySelectorAll<HTMLCanvasElement>(`[data-testid="overview-thumb-${run}"] canvas`)].map((canvas) => ({
        width: canvas.width,
        height: canvas.height,
        rgba: [...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data],
      }));
    },
    { stage, run },
  );

test('every box draws its own exported tensor: shape, every pixel, statistics and values under the pointer', async ({ page, backendName, pageErrors }) => {
  await openOverview(page, backendName, 'mask=causal');
  const document_ = await exportedDocument(page);
  const stages = buildStages(NUM_LAYERS);
  await expect(page.getByTestId('overview-box')).toHaveCount(stages.length);

  for (const stage of stages) {
    const box = page.locator(`[data-testid="overview-box"][data-stage="${stage.id}"]`);
    const shape = document_.trace[stage.id].shape;
    await expect(box).toHaveAttribute('data-shape', shape.join('x'));
    await expect(box.getByTestId('overview-box-shape')).toHaveText(shape.join(' × '));
    const expected = expectedPixels(stage, document_);
    const canvases = await thumbnailPixels(page, stage.id, 'a');
    expect(canvases.length, stage.id).toBe(expected.tiles);
    canvases.forEach((canvas, tile) => {
      expect([canvas.width, canvas.height], `${stage.id} tile ${tile}`).toEqual([expected.cols, expected.rows]);
      expect(canvas.rgba, `${stage.id} tile ${tile}`).toEqual(expected.rgba[tile]);
    });

    // Opened: the statistics of the exported tensor.
    await openBox(page, stage.id);
    const detail = page.getByTestId('overview-detail');
    const stats = tensorStats(toArray(document_.trace[stage.id].data));
    for (const stat of ['min', 'max', 'mean', 'std'] as const) {
      const shown = Number(await detail.getByTestId(`overview-stat-${stat}`).getAttribute('data-value'));
      expect(Math.abs(shown - stats[stat]), `${stage.id} ${stat}`).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(stats[stat])));
    }
  }

  // Values under the pointer in an opened box: head 2 of layer 2's weights, and the embeddings.
  for (const [stageId, tile, row, col] of [
    ['layers.1.attentionWeights', 1, 5, 2],
    ['layers.1.attentionWeights', 0, 7, 7],
    ['embeddings', 0, 3, 11],
    ['layers.0.ffnHidden', 0, 6, 40],
  ] as const) {
    await openBox(page, stageId);
    const detail = page.getByTestId('overview-detail');
    const { shape, data } = document_.trace[stageId];
    const geometry = tileGeometry(shape);
    const tileBox = (await detail.getByTestId('overview-detail-map').locator(`[data-tile="${tile}"] canvas`).boundingBox())!;
    await page.mouse.move(tileBox.x + ((col + 0.5) * tileBox.width) / geometry.cols, tileBox.y + ((row + 0.5) * tileBox.height) / geometry.rows);
    const index = (tile * geometry.rows + row) * geometry.cols + col;
    const readout = page.getByTestId('overview-readout');
    await expect(readout).toHaveAttribute('data-index', String(index));
    expect(Number(await readout.getAttribute('data-value'))).toBe(data[index]);
    if (stageId === 'embeddings') await expect(readout).toContainText('row 3 “是”, column 11');
  }
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('overview-readout')).toHaveAttribute('data-index', '');
  expect(pageErrors).toEqual([]);
});

test('following a token outlines its row in every box, and the opened map', async ({ page, backendName, pageErrors }) => {
  await openOverview(page, backendName);
  const n = 8;
  for (const token of [3, 0, 7]) {
    await page.locator(`[data-testid="overview-follow"][data-token="${token}"]`).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('otok')).toBe(String(token + 1));
    // Every tile of every box: one band, its centre inside the tile's row `token`.
    const bands = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="overview-box"]')].map((box) => ({
        stage: (box as HTMLElement).dataset.stage,
        followRow: box.querySelector<HTMLElement>('[data-testid="overview-thumb-a"]')!.dataset.followRow,
        tiles: [...box.querySelectorAll('[data-tile]')].map((tile) => {
          const canvas = tile.querySelector('canvas')!.getBoundingClientRect();
          const band = tile.querySelector('[data-testid="follow-band"]')?.getBoundingClientRect();
          return { top: canvas.top, height: canvas.height, bandCentre: band ? band.top + band.height / 2 : null };
        }),
      })),
    );
    expect(bands.length).toBe(buildStages(NUM_LAYERS).length);
    for (const box of bands) {
      expect(box.followRow, box.stage).toBe(String(token));
      for (const tile of box.tiles) {
        expect(tile.bandCentre, box.stage).not.toBeNull();
        const rowOf = Math.floor(((tile.bandCentre! - tile.top) / tile.height) * n);
        expect(rowOf, `${box.stage}: band at row ${rowOf}, token ${token}`).toBe(token);
      }
    }
  }
  // Picked in an opened map: a click on a row follows that row's token.
  await openBox(page, 'layers.0.rawScores');
  const map = page.getByTestId('overview-detail-map');
  const tileBox = (await map.locator('[data-tile="1"] canvas').boundingBox())!;
  await page.mouse.click(tileBox.x + tileBox.width / 2, tileBox.y + ((5 + 0.5) * tileBox.height) / n);
  await expect(map).toHaveAttribute('data-follow-row', '5');
  await expect(page.locator('[data-testid="overview-box"][data-stage="finalNorm.output"] [data-testid="overview-thumb-a"]')).toHaveAttribute('data-follow-row', '5');
  await expect(page.locator('[data-testid="overview-follow"][data-token="5"]')).toHaveAttribute('aria-pressed', 'true');
  // None: no band anywhere.
  await page.getByTestId('overview-follow-none').click();
  await expect(page.getByTestId('follow-band')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

/** Per box, the largest |A − B| between two exports. */
function exportDifferences(a: ExportDocument, b: ExportDocument): Map<string, number> {
  return new Map(
    buildStages(NUM_LAYERS).map((stage) => {
      const x = a.trace[stage.id].data;
      const y = b.trace[stage.id].data;
      let worst = 0;
      x.forEach((value, index) => (worst = Math.max(worst, Math.abs((value as number) - (y[index] as number)))));
      return [stage.id, worst];
    }),
  );
}

const FIRST_BLOCK_TO_RAW = ['layers.0.norm1.output', 'layers.0.queries', 'layers.0.keys', 'layers.0.values', 'layers.0.rawScores'];

for (const { mode, bQuery, unmarked } of [
  // Scaling acts on QKᵀ: the embeddings, PE, x₀, LN₁, Q, K, V and QKᵀ of the first block stay.
  { mode: 'scale', bQuery: 'scale=0', unmarked: ['embeddings', 'positionalEncoding', 'input', 'mask', ...FIRST_BLOCK_TO_RAW] },
  // PE is added first: only the embeddings (and the mask) stay.
  { mode: 'pe', bQuery: 'pe=0', unmarked: ['embeddings', 'mask'] },
  { mode: 'mask', bQuery: 'mask=causal', unmarked: ['embeddings', 'positionalEncoding', 'input', ...FIRST_BLOCK_TO_RAW, 'layers.0.scaledScores'] },
]) {
  test(`compare (${mode}): exactly the boxes that differ are marked, with max |A − B| of the exports`, async ({ page, backendName, pageErrors }) => {
    // B alone, as A on its own page: its export is what the comparison must have used.
    await openOverview(page, backendName, bQuery);
    const documentB = await exportedDocument(page);
    await openOverview(page, backendName);
    const documentA = await exportedDocument(page);
    await page.getByTestId(`overview-compare-${mode}`).check();
    await waitReady(page);
    await expect.poll(() => new URL(page.url()).searchParams.get('ocmp')).toBe(mode);
    const expected = exportDifferences(documentA, documentB);

    const marks = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="overview-box"]')].map((box) => ({
        stage: box.dataset.stage!,
        differs: box.dataset.differs,
        diff: Number(box.dataset.diff),
      })),
    );
    expect(marks.filter((mark) => mark.differs === 'false').map((mark) => mark.stage).sort()).toEqual([...unmarked].sort());
    for (const mark of marks) {
      expect(mark.diff, mark.stage).toBe(expected.get(mark.stage));
      expect(mark.differs, mark.stage).toBe(String(expected.get(mark.stage)! > 0));
    }
    const differing = marks.filter((mark) => mark.differs === 'true').length;
    await expect(page.getByTestId('overview-compare-summary')).toHaveAttribute('data-count', String(differing));
    await expect(page.getByTestId('overview-compare-summary')).toContainText(`${differing} of ${marks.length} boxes differ`);

    // B's thumbnails are B's tensors (on the shared A/B colour range, so compare the exported values via the opened box).
    const probe = 'layers.1.attentionWeights';
    await openBox(page, probe);
    const statsB = tensorStats(toArray(documentB.trace[probe].data));
    const shownMaxB = Number(await page.getByTestId('overview-stat-max-b').getAttribute('data-value'));
    expect(shownMaxB).toBe(statsB.max);
    expect(Number(await page.getByTestId('overview-stat-diff').getAttribute('data-value'))).toBe(expected.get(probe));
    expect(pageErrors).toEqual([]);
  });
}

test('another text as B: the embedding row of the changed character differs, the rest follows', async ({ page, backendName, pageErrors }) => {
  await openOverview(page, backendName, 'ocmp=text&otext=' + encodeURIComponent('小模型是个潜力股'));
  const embeddings = page.locator('[data-testid="overview-box"][data-stage="embeddings"]');
  await expect(embeddings).toHaveAttribute('data-differs', 'true');
  await expect(page.locator('[data-testid="overview-box"][data-stage="positionalEncoding"]')).toHaveAttribute('data-differs', 'false');
  await expect(page.getByTestId('overview-compare-summary')).toContainText('B: the same model on “小模型是个潜力股”');
  // Typing B's text recomputes B.
  await page.getByTestId('overview-b-text').fill('大模型是个潜力股');
  await waitReady(page);
  await expect(page.locator('[data-testid="overview-box"][data-differs="true"]')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('pan and zoom by keyboard, buttons, wheel and drag; boxes link to their lessons; the URL keeps the view', async ({ page, backendName, pageErrors }) => {
  await openOverview(page, backendName);
  const viewport = page.getByTestId('overview-viewport');
  const zoom = async () => Number(await viewport.getAttribute('data-zoom'));
  const transform = () => page.locator('.world').evaluate((element) => (element as HTMLElement).style.transform);
  const start = await zoom();
  await viewport.focus();
  await page.keyboard.press('+');
  expect(await zoom()).toBeCloseTo(start * 1.25, 6);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  expect(await zoom()).toBeCloseTo(start / 1.25, 6);
  const before = await transform();
  await page.keyboard.press('ArrowDown');
  expect(await transform()).not.toBe(before);
  // The arrows pan here; they do not change the lesson.
  await expect(page.getByTestId('lesson-tab-overview')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Home');
  const fitted = await zoom();
  await page.getByTestId('overview-zoom-in').click();
  expect(await zoom()).toBeCloseTo(fitted * 1.25, 6);
  // Ctrl + wheel zooms about the pointer; a drag pans without opening a box.
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await expect.poll(zoom).toBeGreaterThan(fitted * 1.25);
  const beforeDrag = await transform();
  await page.mouse.move(box.x + 200, box.y + 120);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 60, { steps: 5 });
  await page.mouse.up();
  expect(await transform()).not.toBe(beforeDrag);
  await expect(page.getByTestId('overview-detail')).toHaveCount(0);

  // A box opened with the keyboard; its lesson link opens that lesson.
  await page.locator('[data-testid="overview-box"][data-stage="layers.0.scaledScores"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('overview-detail')).toHaveAttribute('data-stage', 'layers.0.scaledScores');
  await expect.poll(() => new URL(page.url()).searchParams.get('obox')).toBe('layers.0.scaledScores');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('overview-detail')).toHaveCount(0);
  await openBox(page, 'layers.0.scaledScores');
  await page.getByTestId('overview-lesson-link').first().click();
  await expect(page.getByTestId('lesson-tab-scaling')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('o');
  await expect(page.getByTestId('lesson-tab-overview')).toHaveAttribute('aria-current', 'page');
  await waitReady(page);

  // Hide the controls; reload the URL: the same box open, the same controls state.
  await page.getByTestId('overview-side-toggle').click();
  await expect(page.getByTestId('overview-tokens')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('oside')).toBe('0');
  await openApp(page, new URL(page.url()).search.slice(1));
  await waitReady(page);
  await expect(page.getByTestId('overview-detail')).toHaveAttribute('data-stage', 'layers.0.scaledScores');
  await expect(page.getByTestId('overview-tokens')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
