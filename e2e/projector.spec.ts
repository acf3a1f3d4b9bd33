// Projector mode at 1024 × 768: switched on by the header switch and by the `p` key; in
// every lesson no visible text (HTML or SVG) is under 20 CSS px; the theme switch works;
// both survive a reload. Prints the smallest text found and which lessons fit the screen.
import type { Page } from '@playwright/test';
import { test, expect, openApp, waitSettled } from './fixtures';
import { LESSON_IDS } from '../src/state/lessons';

const MIN_FONT_PX = 20;

/** Wait for the model and for the lesson's own computations (data-ready) to finish. */
async function waitLessonReady(page: Page): Promise<void> {
  await waitSettled(page);
  await expect(page.locator('main [data-ready="false"]')).toHaveCount(0);
  await expect(page.locator('main .lesson-loading')).toHaveCount(0);
  await waitSettled(page);
}

/** The smallest computed font-size among elements that show text, and the elements under the floor. */
async function auditFonts(page: Page, floor: number) {
  return page.evaluate((floor) => {
    let smallest = { px: Infinity, what: '' };
    const under: string[] = [];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''} "${(element.textContent ?? '').trim().slice(0, 30)}"`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // KaTeX's struts are zero-width spaces at 1px: no text a student reads.
      if (!/[^\s\u200b]/.test(node.textContent ?? '')) continue;
      const element = node.parentElement;
      if (!element || seen.has(element)) continue;
      seen.add(element);
      if (element.closest('script, style, title, defs, option')) continue;
      if (!element.checkVisibility({ opacityProperty: false, visibilityProperty: true })) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const px = parseFloat(getComputedStyle(element).fontSize);
      if (px < smallest.px) smallest = { px, what: describe(element) };
      if (px < floor) under.push(`${px}px ${describe(element)}`);
    }
    return { smallest, under };
  }, floor);
}

/** Whether the page fits the window without vertical scrolling. */
const fits = (page: Page) =>
  page.evaluate(() => ({ scrollHeight: document.scrollingElement!.scrollHeight, innerHeight: window.innerHeight }));

test('the projector switch and the p key turn projector mode on and off, in the URL', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lang=en&theme=light`);
  const root = page.locator('html');
  await expect(root).toHaveAttribute('data-view', 'normal');
  await page.getByTestId('projector-toggle').click();
  await expect(root).toHaveAttribute('data-view', 'projector');
  await expect(page.getByTestId('projector-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('projector');
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThanOrEqual(MIN_FONT_PX);

  await page.locator('main').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('p');
  await expect(root).toHaveAttribute('data-view', 'normal');
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBeNull();
  await page.keyboard.press('p');
  await expect(root).toHaveAttribute('data-view', 'projector');

  // Typing a p into the text field is text, not a switch.
  await page.getByRole('textbox').first().focus();
  await page.keyboard.press('p');
  await expect(root).toHaveAttribute('data-view', 'projector');
  expect(pageErrors).toEqual([]);
});

test('the theme switch works, is in the URL, and a reload keeps theme and projector mode', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lang=en&theme=light&view=projector`);
  const root = page.locator('html');
  await expect(root).toHaveAttribute('data-theme', 'light');
  const lightBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.getByTestId('theme-toggle').click();
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => new URL(page.url()).searchParams.get('theme')).toBe('dark');
  const darkBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(darkBg).not.toBe(lightBg);

  await openApp(page, new URL(page.url()).search.slice(1));
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await expect(root).toHaveAttribute('data-view', 'projector');
  await expect(page.getByTestId('projector-toggle')).toHaveAttribute('aria-pressed', 'true');
  expect(pageErrors).toEqual([]);
});

test('the fullscreen button and the f key enter and leave fullscreen', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lang=en`);
  const supported = await page.evaluate(() => document.fullscreenEnabled);
  const button = page.getByTestId('fullscreen-toggle');
  if (!supported) {
    await expect(button).toHaveCount(0);
    return;
  }
  await button.click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  expect(pageErrors).toEqual([]);
});

test('a bad view or theme in the URL falls back with a notice', async ({ page, backendName }) => {
  await openApp(page, `backend=${backendName}&lang=en&view=huge&theme=purple`);
  await expect(page.getByTestId('url-notices')).toContainText('view');
  await expect(page.getByTestId('url-notices')).toContainText('theme');
  await expect(page.locator('html')).toHaveAttribute('data-view', 'normal');
});

for (const language of ['en', 'zh'] as const) {
  test(`projector mode, ${language}: no visible text under ${MIN_FONT_PX}px in any lesson; which lessons fit 1024 × 768`, async ({ page, backendName, pageErrors }) => {
    const report: string[] = [];
    const failures: string[] = [];
    let smallest = { px: Infinity, where: '' };
    for (const lesson of LESSON_IDS) {
      await openApp(page, `backend=${backendName}&lang=${language}&view=projector&lesson=${lesson}`);
      await waitLessonReady(page);
      const { smallest: found, under } = await auditFonts(page, MIN_FONT_PX);
      if (found.px < smallest.px) smallest = { px: found.px, where: `${lesson}: ${found.what}` };
      failures.push(...under.map((entry) => `${lesson}: ${entry}`));
      const { scrollHeight, innerHeight } = await fits(page);
      report.push(`${lesson.padEnd(10)} ${scrollHeight <= innerHeight ? 'fits' : 'scrolls'} (scrollHeight ${scrollHeight}, innerHeight ${innerHeight}), smallest text ${found.px}px`);
    }
    console.log(`[projector ${language}] smallest text ${smallest.px}px at ${smallest.where}\n${report.join('\n')}`);
    expect(failures).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}
