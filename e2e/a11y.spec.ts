// Accessibility on the desktop (project `a11y`, WASM): axe finds no violation in any lesson
// in either language, normal and projector mode, both themes; every chart has a text summary
// built from the numbers; with prefers-reduced-motion nothing transitions or animates;
// linked highlights follow keyboard focus.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled, exportedDocument } from './fixtures';
import { LESSON_IDS } from '../src/state/lessons';
import { describeMatrix } from '../src/a11y/chartSummary';
import { axisLabels } from '../src/model/tokenizer';
import { en, zh } from '../src/i18n/strings';

/** Wait for the model and for the lesson's own computations (data-ready) to finish. */
async function waitLessonReady(page: Page): Promise<void> {
  await waitSettled(page);
  await expect(page.locator('main [data-ready="false"]')).toHaveCount(0);
  await expect(page.locator('main .lesson-loading')).toHaveCount(0);
  await waitSettled(page);
}

/** Bring language, view and theme to the wanted state with the header's own switches. */
async function setDisplay(page: Page, language: 'en' | 'zh', view: 'normal' | 'projector', theme: 'light' | 'dark') {
  const root = page.locator('html');
  if ((await root.getAttribute('lang'))?.startsWith('zh') !== (language === 'zh')) await page.getByTestId('language-toggle').click();
  if ((await root.getAttribute('data-view')) !== view) await page.getByTestId('projector-toggle').click();
  if ((await root.getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(root).toHaveAttribute('lang', language === 'zh' ? 'zh-CN' : 'en');
  await expect(root).toHaveAttribute('data-view', view);
  await expect(root).toHaveAttribute('data-theme', theme);
}

const axeReport = (violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) =>
  violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);

// Every lesson, and the playground with its trained model (a panel of its own).
const AXE_VIEWS = [...LESSON_IDS.map((lesson) => ({ name: lesson, query: `lesson=${lesson}` })), { name: 'playground (trained)', query: 'lesson=playground&weights=trained' }];

for (const { name: lesson, query } of AXE_VIEWS) {
  test(`axe: no violations in ${lesson}, en and zh, normal and projector, light and dark`, async ({ page, pageErrors }) => {
    await openApp(page, `backend=wasm&${query}&lang=en&theme=light`);
    await waitLessonReady(page);
    let checked = 0;
    for (const language of ['en', 'zh'] as const) {
      for (const view of ['normal', 'projector'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          await setDisplay(page, language, view, theme);
          await waitLessonReady(page);
          // Open every "Describe" (and other disclosure), so the summaries' text is checked too.
          await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
          // All rules axe has, best practices included; none is disabled.
          const { violations } = await new AxeBuilder({ page }).analyze();
          expect(axeReport(violations), `${lesson} ${language} ${view} ${theme}`).toEqual([]);
          await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = false)));
          checked++;
        }
      }
    }
    expect(checked).toBe(8);
    expect(pageErrors).toEqual([]);
  });
}

test('every chart in every lesson has a text summary with its numbers, referenced by aria-describedby', async ({ page, pageErrors }) => {
  const counts: Record<string, number> = {};
  for (const lesson of LESSON_IDS) {
    await openApp(page, `backend=wasm&lesson=${lesson}&lang=en`);
    await waitLessonReady(page);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('main [role="img"], main [role="application"]')]
        .filter((element) => !element.closest('[aria-hidden="true"]'))
        .map((element) => {
          const id = element.getAttribute('aria-describedby');
          const target = id ? document.getElementById(id) : null;
          return { label: element.getAttribute('aria-label'), id, text: target?.textContent ?? null };
        }),
    );
    counts[lesson] = charts.length;
    expect(charts.length, lesson).toBeGreaterThan(0);
    for (const chart of charts) {
      expect(chart.id, `${lesson}: ${chart.label}`).not.toBeNull();
      // A summary states numbers (sizes, values), not only a title.
      expect(chart.text, `${lesson}: ${chart.label}`).toMatch(/\d/);
    }
  }
  console.log(`charts with a summary per lesson: ${JSON.stringify(counts)}`);
  expect(pageErrors).toEqual([]);
});

test('the attention heatmap summary states the exported weights, in English and Chinese, on request', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lang=en&mask=causal');
  const document_ = await exportedDocument(page);
  const n = document_.config.seqLen;
  const weights = (document_.trace['layers.0.attentionWeights'].data as number[]).slice(0, n * n);
  const allowed = document_.trace['mask'].data as number[];
  const labels = axisLabels(document_.tokens, document_.isPadding);
  const heatmap = page.getByTestId('attention-heatmap');
  const plot = heatmap.getByRole('application');
  const title = (await plot.getAttribute('aria-label'))!;
  const expected = describeMatrix('en', { rows: n, cols: n, values: weights, allowed, title, rowLabels: labels, colLabels: labels });
  expect(expected).toContain('each row sums to 1');
  expect(expected).toContain(`${(n * (n - 1)) / 2} cells masked`);
  await expect(plot).toHaveAccessibleDescription(expected);
  // Hidden until asked for; "Describe" shows the same text.
  const description = heatmap.getByTestId('chart-description');
  await expect(description).toBeHidden();
  await heatmap.getByText(en.a11yDescribe, { exact: true }).click();
  await expect(description).toBeVisible();
  await expect(description).toHaveText(expected);

  await page.getByTestId('language-toggle').click();
  const titleZh = (await plot.getAttribute('aria-label'))!;
  await expect(plot).toHaveAccessibleDescription(
    describeMatrix('zh', { rows: n, cols: n, values: weights, allowed, title: titleZh, rowLabels: labels, colLabels: labels }),
  );
  await expect(description).toContainText(zh.a11yRowsSumToOne);
  expect(pageErrors).toEqual([]);
});

test('a figure lights its formula symbol while keyboard focus is inside it, and the light goes when focus leaves', async ({ page, pageErrors }) => {
  await openApp(page, 'backend=wasm&lesson=qkv&lang=en');
  await waitLessonReady(page);
  const figure = page.locator('.tied-figure').first();
  const symbol = page.locator('main .formula [data-tensor="S"]').first();
  await expect(figure).not.toHaveClass(/tied-active/);
  await expect(symbol).not.toHaveClass(/tied-highlight/);
  await figure.getByRole('application').first().focus();
  await expect(figure).toHaveClass(/tied-active/);
  await expect(symbol).toHaveClass(/tied-highlight/);
  await page.keyboard.press('Shift+Tab');
  await expect(figure).not.toHaveClass(/tied-active/);
  await expect(symbol).not.toHaveClass(/tied-highlight/);
  expect(pageErrors).toEqual([]);
});

test('Tab reaches every control of every lesson, each with a visible focus ring', async ({ page, pageErrors }) => {
  const reached: Record<string, number> = {};
  for (const lesson of LESSON_IDS) {
    await openApp(page, `backend=wasm&lesson=${lesson}&lang=en`);
    await waitLessonReady(page);
    const seen = new Set<Element | string>();
    const unringed: string[] = [];
    for (let step = 0; step < 120; step++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        // A hidden radio or switch draws its ring on its label or its track.
        const candidates = [element, element.closest('label'), element.nextElementSibling].filter((candidate): candidate is Element => !!candidate);
        const ringed = candidates.some((candidate) => {
          const style = getComputedStyle(candidate);
          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        });
        const path = [];
        for (let node: Element | null = element; node && node !== document.body; node = node.parentElement) path.push(`${node.tagName}${[...node.parentElement!.children].indexOf(node)}`);
        return { key: path.join('<'), what: `${element.tagName.toLowerCase()}[${element.dataset.testid ?? element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 20)}]`, ringed };
      });
      if (!focused) continue;
      if (seen.has(focused.key)) break; // wrapped round
      seen.add(focused.key);
      if (!focused.ringed) unringed.push(focused.what);
    }
    reached[lesson] = seen.size;
    expect(unringed, lesson).toEqual([]);
  }
  console.log(`controls reached by Tab per lesson: ${JSON.stringify(reached)}`);
  expect(pageErrors).toEqual([]);
});

/** Every element's (and pseudo-element's) transition and animation durations, and the running animations. */
const motion = (page: Page) =>
  page.evaluate(() => {
    const moving: string[] = [];
    const seconds = (list: string) => list.split(',').map((value) => parseFloat(value));
    for (const element of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        const durations = [...seconds(style.transitionDuration), ...seconds(style.animationDuration)];
        if (durations.some((duration) => duration > 0)) moving.push(`${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}${pseudo ?? ''}`);
      }
    }
    return { moving, scrollBehavior: getComputedStyle(document.documentElement).scrollBehavior };
  });

test.describe('without a motion preference', () => {
  test.use({ reducedMotion: 'no-preference' });
  test('switches and highlights do animate (the reduced-motion test can fail)', async ({ page, pageErrors }) => {
    await openApp(page, 'backend=wasm&lesson=playground&lang=en');
    expect((await motion(page)).moving.length).toBeGreaterThan(0);
    // Counted as transitions start (transitionrun), not sampled afterwards: a 0.15 s transition
    // may be over before a busy machine gets to look.
    await page.evaluate(() => {
      const counter = window as unknown as { transitionsRun: number };
      counter.transitionsRun = 0;
      document.addEventListener('transitionrun', () => counter.transitionsRun++, true);
    });
    await page.getByTestId('scaling').locator('..').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { transitionsRun: number }).transitionsRun)).toBeGreaterThan(0);
    await waitSettled(page);
    expect(pageErrors).toEqual([]);
  });
});

test.describe('with prefers-reduced-motion: reduce', () => {
  test.use({ reducedMotion: 'reduce' });
  test('no transition or animation has a duration in any lesson, nothing runs, and scrolling is not smooth', async ({ page, pageErrors }) => {
    for (const lesson of LESSON_IDS) {
      await openApp(page, `backend=wasm&lesson=${lesson}&lang=en`);
      await waitLessonReady(page);
      const { moving, scrollBehavior } = await motion(page);
      expect(moving, lesson).toEqual([]);
      expect(scrollBehavior).toBe('auto');
    }
    // Toggling a switch starts no transition.
    await openApp(page, 'backend=wasm&lesson=playground&lang=en');
    await page.getByTestId('scaling').locator('..').click();
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    await waitSettled(page);
    expect(pageErrors).toEqual([]);
  });
});
