// Keyboard and presentation-clicker control: PageDown/PageUp (what clickers send) and the
// arrows step through the lessons (in projector mode through each lesson's figure pages first), letters toggle common settings, "?" shows the list, and
// focus is visible on every control Tab reaches. Runs on WASM.
import type { Page } from '@playwright/test';
import { test, expect, openApp as openAppOn, waitSettled } from './fixtures';
import { LESSON_IDS, type LessonId } from '../src/state/lessons';
import { en } from '../src/i18n/strings';
import { LESSON_TITLES } from '../src/i18n/lessonTitles';

const openApp = (page: Page, query = '') => openAppOn(page, `backend=wasm&lang=en${query ? `&${query}` : ''}`);

/** The URL's `lesson` key (absent on the playground, the default). */
const lessonInUrl = (page: Page) => new URL(page.url()).searchParams.get('lesson') ?? 'playground';
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

async function expectLesson(page: Page, id: LessonId) {
  await expect(page.getByTestId('lesson-title')).toHaveText(en[LESSON_TITLES[id].title]);
  await expect(page.getByTestId(`lesson-tab-${id}`)).toHaveAttribute('aria-current', 'page');
  await expect.poll(() => lessonInUrl(page)).toBe(id);
}

/** Whether the focused element matches :focus-visible and draws an outline, and its test id. */
const focusedOutline = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return null;
    const style = getComputedStyle(element);
    return {
      testId: element.dataset.testid ?? element.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      role: element.getAttribute('role'),
      focusVisible: element.matches(':focus-visible'),
      outlineWidth: parseFloat(style.outlineWidth),
      outlineStyle: style.outlineStyle,
    };
  });

test('clicker keys move between lessons: PageDown walks every lesson in order, PageUp goes back', async ({ page, pageErrors }) => {
  await openApp(page);
  await expectLesson(page, 'playground');
  for (const id of LESSON_IDS.slice(1)) {
    await page.keyboard.press('PageDown');
    await expectLesson(page, id);
  }
  // Navigation stops at the last lesson rather than wrapping round.
  await page.keyboard.press('PageDown');
  await expectLesson(page, LESSON_IDS.at(-1)!);
  for (const id of [...LESSON_IDS].reverse().slice(1)) {
    await page.keyboard.press('PageUp');
    await expectLesson(page, id);
  }
  await page.keyboard.press('PageUp');
  await expectLesson(page, 'playground');
  // The arrows do the same when focus is on the page, and digits open a lesson by number.
  await page.keyboard.press('ArrowRight');
  await expectLesson(page, LESSON_IDS[1]);
  await page.keyboard.press('ArrowLeft');
  await expectLesson(page, 'playground');
  await page.keyboard.press('5');
  await expectLesson(page, 'masking');
  await page.keyboard.press('o');
  await expectLesson(page, 'overview');
  await page.keyboard.press('0');
  await expectLesson(page, 'playground');
  await waitSettled(page);
  expect(pageErrors).toEqual([]);
});

test('in projector mode the clicker steps through every figure page of a lesson before the next lesson, and back', async ({ page, pageErrors }) => {
  await openApp(page, 'view=projector');
  const pager = page.getByTestId('figure-pages').locator('..');
  /** The lesson's figure pages, once its figures are there (they appear with its data); 0: no pager (the overview pans instead). */
  const pagesOf = async () => {
    await waitSettled(page);
    await expect(page.locator('main [data-ready="false"], main .lesson-loading')).toHaveCount(0);
    if ((await page.getByTestId('figure-pages').count()) === 0) return 0;
    return Number(await pager.getAttribute('data-pages'));
  };
  /** The pager shows this page (a lesson without a pager has one page, nothing to check). */
  const expectPage = async (count: number, shown: number) => {
    if (count > 0) await expect(pager).toHaveAttribute('data-page', String(shown));
  };
  const counts: number[] = [];
  for (const [index, id] of LESSON_IDS.entries()) {
    await expectLesson(page, id);
    const count = await pagesOf();
    counts.push(count);
    await expectPage(count, 1);
    for (let shown = 2; shown <= count; shown++) {
      await page.keyboard.press('PageDown');
      await expectPage(count, shown);
      await expectLesson(page, id);
    }
    if (index < LESSON_IDS.length - 1) await page.keyboard.press('PageDown');
  }
  // Most lessons have more than one page; the playground has two; the overview has no pager.
  expect(counts[0]).toBe(2);
  expect(counts[LESSON_IDS.indexOf('overview')]).toBe(0);
  expect(counts.filter((count) => count > 1).length).toBeGreaterThanOrEqual(8);
  // At the very end the clicker stops.
  await page.keyboard.press('PageDown');
  await expectLesson(page, LESSON_IDS.at(-1)!);
  await expectPage(counts.at(-1)!, counts.at(-1)!);
  // Back: each lesson from its last page to its first, then the previous lesson's last page.
  for (let index = LESSON_IDS.length - 1; index >= 0; index--) {
    await expectLesson(page, LESSON_IDS[index]);
    await expectPage(counts[index], counts[index]);
    for (let shown = counts[index] - 1; shown >= 1; shown--) {
      await page.keyboard.press('PageUp');
      await expectPage(counts[index], shown);
    }
    if (index > 0) await page.keyboard.press('PageUp');
  }
  await page.keyboard.press('PageUp');
  await expectLesson(page, 'playground');
  await expect(pager).toHaveAttribute('data-page', '1');
  await waitSettled(page);
  expect(pageErrors).toEqual([]);
});

test('the arrows move a focused slider or heatmap cell, not the lesson', async ({ page, pageErrors }) => {
  await openApp(page);
  const slider = page.getByTestId('d-model');
  await slider.focus();
  const before = await page.getByTestId('d-model-value').textContent();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('d-model-value')).not.toHaveText(before!);
  await waitSettled(page);
  await expect.poll(() => param(page, 'd')).not.toBeNull();
  await expectLesson(page, 'playground');

  const heatmap = page.getByTestId('attention-heatmap').getByRole('application');
  await heatmap.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('readout-weight')).toBeVisible();
  await expectLesson(page, 'playground');
  // PageDown is the clicker's, even there.
  await page.keyboard.press('PageDown');
  await expectLesson(page, LESSON_IDS[1]);
  await waitSettled(page);
  expect(pageErrors).toEqual([]);
});

test('typing in the text box triggers no shortcut', async ({ page, pageErrors }) => {
  await openApp(page);
  const input = page.getByTestId('text-input');
  await input.fill('');
  await input.focus();
  await page.keyboard.type('smlpf?10 is my mask');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowLeft');
  await expect(input).toHaveValue('smlpf?10 is my mask');
  await waitSettled(page);
  await expectLesson(page, 'playground');
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  await expect(page.getByTestId('scaling')).toBeChecked();
  await expect(page.getByTestId('mask-none')).toBeChecked();
  await expect(page.getByTestId('language-toggle')).toHaveText('中文');
  expect(param(page, 'scale')).toBeNull();
  expect(param(page, 'mask')).toBeNull();
  expect(pageErrors).toEqual([]);
});

test('s toggles scaling by √d_k and m cycles the mask', async ({ page, pageErrors }) => {
  await openApp(page);
  await page.keyboard.press('s');
  await expect(page.getByTestId('scaling')).not.toBeChecked();
  await expect.poll(() => param(page, 'scale')).toBe('0');
  await page.keyboard.press('s');
  await expect(page.getByTestId('scaling')).toBeChecked();
  await expect.poll(() => param(page, 'scale')).toBeNull();

  for (const mask of ['causal', 'padding', 'none']) {
    await page.keyboard.press('m');
    await expect(page.getByTestId(`mask-${mask}`)).toBeChecked();
    await expect.poll(() => param(page, 'mask') ?? 'none').toBe(mask);
  }
  await waitSettled(page);
  expect(pageErrors).toEqual([]);
});

test('? opens the shortcut list, Escape closes it and focus returns', async ({ page, pageErrors }) => {
  await openApp(page);
  const dialog = page.getByRole('dialog');
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog).toContainText(en.keysNextLesson);
  await expect(dialog).toContainText(en.keysProjector);
  // Focus stays inside while it is open; shortcuts do nothing behind it.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  }
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectLesson(page, 'playground');

  // From the header's "?" button, in Chinese: focus goes back to the button.
  await page.keyboard.press('l');
  await expect(page.getByTestId('language-toggle')).toHaveText('English');
  const button = page.getByTestId('shortcuts-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('键盘与翻页笔快捷键');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  // The close button works too.
  await button.click();
  await page.getByTestId('shortcuts-close').click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  expect(pageErrors).toEqual([]);
});

test('Tab reaches the lesson tabs and a heatmap, each with a visible focus ring', async ({ page, pageErrors }) => {
  await openApp(page);
  const seen = new Map<string, NonNullable<Awaited<ReturnType<typeof focusedOutline>>>>();
  for (let i = 0; i < 60 && !seen.has('attention-heatmap'); i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedOutline(page);
    if (focused?.testId && !seen.has(focused.testId)) seen.set(focused.testId, focused);
  }
  for (const testId of ['shortcuts-button', 'language-toggle', 'lesson-tab-playground', 'lesson-tab-qkv', 'text-input', 'attention-heatmap']) {
    const focused = seen.get(testId);
    expect(focused, `${testId} reached by Tab`).toBeDefined();
    expect(focused!.focusVisible).toBe(true);
    expect(focused!.outlineStyle).not.toBe('none');
    expect(focused!.outlineWidth).toBeGreaterThanOrEqual(3);
  }
  expect(seen.get('attention-heatmap')!.role).toBe('application');
  expect(pageErrors).toEqual([]);
});
