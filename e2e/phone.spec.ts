// Phones (project `phone`: 390 × 844, isMobile, hasTouch; also 360 × 740): every lesson
// stacks its panels, the page never scrolls sideways (wide matrices and the lesson tabs
// scroll inside their own box), buttons, sliders and option labels are ≥ 44 px touch
// targets, and what a mouse sees by hovering a tap shows and keeps. Runs on WASM.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled } from './fixtures';
import { LESSON_IDS } from '../src/state/lessons';
import { en } from '../src/i18n/strings';

const MIN_TARGET_PX = 44;
const SIZES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];

async function waitLessonReady(page: Page): Promise<void> {
  await waitSettled(page);
  await expect(page.locator('main [data-ready="false"]')).toHaveCount(0);
  await expect(page.locator('main .lesson-loading')).toHaveCount(0);
  await waitSettled(page);
}

/** Page width against the window, panels side by side, and controls smaller than a fingertip. */
const audit = (page: Page) =>
  page.evaluate((minTarget) => {
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
    };
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}[${element.getAttribute('data-testid') ?? element.getAttribute('type') ?? element.textContent?.trim().slice(0, 20)}]`;
    const small: string[] = [];
    for (const element of document.querySelectorAll('button, select, summary, textarea, input')) {
      const input = element as HTMLInputElement;
      if (input.disabled) continue;
      // The overview's boxes are drawn in a pinch-zoomable picture: their size is the reader's zoom.
      if (element.closest('[data-testid=overview-viewport]')) continue;
      // Radio buttons and switches are drawn by their label, which is what a finger taps.
      const target = input.type === 'radio' || input.type === 'checkbox' ? (element.closest('label') ?? element) : element;
      if (!visible(target)) continue;
      const box = target.getBoundingClientRect();
      const tooNarrow = element.tagName === 'BUTTON' && box.width < minTarget - 0.5;
      if (box.height < minTarget - 0.5 || tooNarrow) small.push(`${name(element)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    // Panels stack: each lesson's controls panel spans the content width instead of a side column.
    const main = document.querySelector('main')!.getBoundingClientRect();
    const sideBySide = [...document.querySelectorAll('main aside')]
      .filter(visible)
      .filter((aside) => aside.getBoundingClientRect().width < 0.85 * main.width)
      .map((aside) => `${aside.getAttribute('aria-label')} ${Math.round(aside.getBoundingClientRect().width)} of ${Math.round(main.width)}`);
    const nav = document.querySelector('nav.lessons ol')!;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      small,
      sideBySide,
      navScrolls: nav.scrollWidth > nav.clientWidth,
    };
  }, MIN_TARGET_PX);

for (const lesson of LESSON_IDS) {
  test(`${lesson} fits a phone: stacked, no sideways page scroll, 44 px targets`, async ({ page, pageErrors }, testInfo) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await openApp(page, `backend=wasm&lesson=${lesson}&lang=en`);
      await waitLessonReady(page);
      // Open the disclosures too ("more…", "Describe"): what they reveal must fit as well.
      const more = page.getByTestId('lesson-more');
      if ((await more.count()) > 0 && (await more.getAttribute('aria-expanded')) === 'false') await more.click();
      await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
      const result = await audit(page);
      expect(result.scrollWidth, `${lesson} at ${size.width}: page scroll width`).toBeLessThanOrEqual(result.innerWidth);
      expect(result.innerWidth).toBe(size.width);
      expect(result.small, `${lesson} at ${size.width}: targets under ${MIN_TARGET_PX}px`).toEqual([]);
      expect(result.sideBySide, `${lesson} at ${size.width}: panels side by side`).toEqual([]);
      // The tabs do not fit one row: they scroll inside the nav, not the page.
      expect(result.navScrolls).toBe(true);
      await page.screenshot({ path: testInfo.outputPath(`${lesson}-${size.width}.png`), fullPage: true });
    }
    expect(pageErrors).toEqual([]);
  });
}

test('a tap on a lesson tab beyond the edge of the nav opens it', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lang=en');
  await page.getByTestId('lesson-tab-cost').tap();
  await expect(page.getByTestId('lesson-title')).toHaveText(en.lessonCost);
  await waitLessonReady(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  expect(pageErrors).toEqual([]);
});

/** Tap the centre of a cell of an n × n (or rows × cols) heatmap's canvas. */
async function tapCell(page: Page, testId: string, row: number, col: number, rows: number, cols = rows) {
  const canvas = page.getByTestId(testId).locator('canvas').first();
  // A touchscreen tap goes to window coordinates: bring the map on screen first.
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.touchscreen.tap(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
}

test('tapping a heatmap cell shows its readout, and it stays after the finger lifts', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lang=en');
  const n = await page.evaluate(() => window.qkvLab.settings().config.seqLen);
  const weight = page.getByTestId('readout-weight');
  await expect(weight).toHaveCount(0);
  await tapCell(page, 'attention-heatmap', 2, 1, n);
  await expect(weight).toBeVisible();
  const document_ = (await page.evaluate(() => window.qkvLab.exportDocument()))!;
  const expected = (document_.trace['layers.0.attentionWeights'].data as number[])[2 * n + 1];
  expect(Math.abs(parseFloat((await weight.textContent())!) - expected)).toBeLessThan(5e-4);
  // Still there a moment later (a touch's pointerleave must not clear it).
  await page.waitForTimeout(300);
  await expect(weight).toBeVisible();
  // Another tap moves it.
  await tapCell(page, 'attention-heatmap', 5, 5, n);
  await expect(page.getByTestId('readout')).toContainText(document_.tokens[5]);
  expect(pageErrors).toEqual([]);
});

test('tapping a formula symbol lights its figure, tapping a figure lights its symbol', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lesson=qkv&lang=en');
  await waitLessonReady(page);
  const figure = page.locator('.tied-figure').first();
  await page.locator('main .formula [data-tensor="S"]').first().tap();
  await expect(figure).toHaveClass(/tied-active/);
  await page.waitForTimeout(300);
  await expect(figure).toHaveClass(/tied-active/);

  await openApp(page, 'backend=wasm&lesson=formula&lang=en');
  await waitLessonReady(page);
  const stage = page.getByTestId('stage-K');
  await expect(stage).toHaveAttribute('data-tied', 'false');
  await stage.locator('figcaption').tap();
  await expect(stage).toHaveAttribute('data-tied', 'true');
  await page.waitForTimeout(300);
  await expect(stage).toHaveAttribute('data-tied', 'true');
  await expect(page.locator('main .formula .tied-highlight[data-tensor="K"]').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("tapping a channel of the norms lesson's BatchNorm map shows what it mixes", async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lesson=norms&lang=en');
  await waitLessonReady(page);
  const picked = page.getByTestId('norms-picked-channel');
  const map = page.getByTestId('norms-batch-mean').locator('[role="application"]');
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  // The map lays the channels out rows × columns, one canvas pixel per cell.
  const { rows, cols } = await page.getByTestId('norms-batch-mean').locator('canvas').evaluate((canvas: HTMLCanvasElement) => ({ rows: canvas.height, cols: canvas.width }));
  await page.touchscreen.tap(box.x + (2.5 * box.width) / cols, box.y + (1.5 * box.height) / rows);
  await expect(picked).toHaveAttribute('data-channel', String(cols + 2));
  await expect(picked).toContainText(String(cols + 2));
  expect(pageErrors).toEqual([]);
});

test('the Describe toggle opens with a tap and shows the chart as text', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lang=en');
  const heatmap = page.getByTestId('attention-heatmap');
  const description = heatmap.getByTestId('chart-description');
  await expect(description).toBeHidden();
  await heatmap.getByText(en.a11yDescribe, { exact: true }).tap();
  await expect(description).toBeVisible();
  await expect(description).toContainText('× ');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('the playground on a phone: the heatmap comes right after the text, before the controls, in page and Tab order', async ({ page, pageErrors }) => {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openApp(page, 'backend=wasm&lang=en');
    const heatmap = page.getByTestId('attention-heatmap');
    await expect(heatmap).toBeVisible();
    // Page coordinates (the page is at its top after loading): within the first 1.5 screens.
    const top = await heatmap.evaluate((element) => element.getBoundingClientRect().top + scrollY);
    expect(top, `heatmap top at ${size.width} × ${size.height}`).toBeLessThan(1.5 * size.height);
    // Drawn in the order of the page: text, heatmap, then the controls below them.
    const order = await page.evaluate(() => {
      const at = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().top;
      const follows = (a: string, b: string) => !!(document.querySelector(a)!.compareDocumentPosition(document.querySelector(b)!) & Node.DOCUMENT_POSITION_FOLLOWING);
      return {
        text: at('[data-testid="text-input"]'),
        heatmap: at('[data-testid="attention-heatmap"]'),
        controls: at('[data-testid="lesson-controls"]'),
        domTextThenHeatmap: follows('[data-testid="text-input"]', '[data-testid="attention-heatmap"]'),
        domHeatmapThenControls: follows('[data-testid="attention-heatmap"]', '[data-testid="lesson-controls"]'),
      };
    });
    expect(order.text).toBeLessThan(order.heatmap);
    expect(order.heatmap).toBeLessThan(order.controls);
    expect(order.domTextThenHeatmap).toBe(true);
    expect(order.domHeatmapThenControls).toBe(true);
    // Tab from the text goes to the heatmap before any control.
    await page.getByTestId('text-input').focus();
    let reachedHeatmap = false;
    for (let i = 0; i < 10 && !reachedHeatmap; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => ({
        inControls: !!document.activeElement?.closest('[data-testid="lesson-controls"]'),
        heatmap: !!document.activeElement?.closest('[data-testid="attention-heatmap"]'),
      }));
      expect(where.inControls, 'a control was reached before the heatmap').toBe(false);
      reachedHeatmap = where.heatmap;
    }
    expect(reachedHeatmap).toBe(true);
  }
  expect(pageErrors).toEqual([]);
});
