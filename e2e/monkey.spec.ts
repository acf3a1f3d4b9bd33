// A seeded random "monkey": 1,000 real user interactions across the lessons (sliders by
// keyboard, toggles, segmented controls, text edits with hostile text, heatmap hovers,
// clicks, drags and keys, buttons, lesson tabs, language and backend switches), chosen
// at random among the controls present on the screen at that moment. Every ~50 steps the
// page must settle, stay clean (no console error, no uncaught exception, no NaN, no
// compute error, no script run from text) and answer. At the end the view must equal a
// fresh load of the same URL: the same settings, the same exported numbers (same
// backend, 1e-5), the same visible text (measurements aside) and the same number of live
// TF.js tensors.
//
//   MONKEY_SEED=1234 MONKEY_STEPS=200 QKV_PORT=4182 npx playwright test --project=monkey
import type { Locator, Page } from '@playwright/test';
import { test, expect, waitSettled, exportedDocument, heldTensors } from './fixtures';
import { LESSON_IDS, type LessonId } from '../src/state/lessons';
import type { AppSettings } from '../src/state/settings';
// mulberry32, the app's own seeded generator: good enough to pick actions.
import { uniformGenerator } from '../src/model/random';

// A fixed seed by default, so CI replays the same run; set MONKEY_SEED (or MONKEY_SEED=random) to explore.
const DEFAULT_SEED = 20261203;
const SEED =
  process.env.MONKEY_SEED === 'random'
    ? (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0
    : process.env.MONKEY_SEED
      ? Number(process.env.MONKEY_SEED) >>> 0
      : DEFAULT_SEED;
const STEPS = process.env.MONKEY_STEPS ? Number(process.env.MONKEY_STEPS) : 1000;
const CHECK_EVERY = 50;
/**
 * The most one step may take, its checkpoint included (that waits up to 180 s for the page to
 * settle). Only a page that stopped answering reaches it: once, after step 200, headless
 * Chromium stopped producing frames with its GPU process idle, and every later call waited
 * until the 60-minute test limit. The step then fails at once, named.
 */
const STEP_LIMIT_MS = 300_000;

/** Lessons whose whole state lives in the URL, so a reload shows the same view: all of them. */
const URL_COMPLETE_LESSONS: readonly LessonId[] = LESSON_IDS;

class Dice {
  constructor(readonly next: () => number) {}
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  weighted<T extends string>(weights: Partial<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      roll -= w;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}

// Controls discovered on the screen, by kind. Only visible ones are candidates.
const SELECTORS = {
  slider: 'main input[type=range]:not(:disabled)',
  toggle: 'main input[type=checkbox]',
  segment: 'main input[type=radio]',
  text: 'main textarea, main input[type=text]',
  number: 'main input[type=number]',
  // Figure export menus (src/export) are left out: downloads are the export spec's business.
  button: 'main button:not(:disabled):not([data-testid=export]):not([data-export-ignore] button), main summary',
  // The overview's picture (drag pans, a click opens a box, keys pan and zoom) and its opened map too.
  heatmap: 'main .plot[role=application], main [data-testid=overview-viewport], main [data-testid=overview-detail-map]',
} as const;
type LocalKind = keyof typeof SELECTORS;
const LOCAL_WEIGHTS: Record<LocalKind, number> = { slider: 34, toggle: 8, segment: 10, text: 10, number: 3, button: 10, heatmap: 14 };
/** Global kinds, as a share of all steps; the rest are controls of the lesson on screen. */
const TAB_SHARE = 0.08;
const LANGUAGE_SHARE = 0.02;
const BACKEND_SHARE = 0.025;

const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
// Keys on a focused range input. End (the largest d_model, n, layers) is rare on purpose:
// the CPU backend at d_model 512, n 512, 6 layers takes minutes per pass on this machine.
const SLIDER_KEYS = { ArrowRight: 26, ArrowLeft: 26, ArrowUp: 8, ArrowDown: 10, Home: 12, PageUp: 4, PageDown: 10, End: 2 };
const HEATMAP_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ', 'Enter'] as const;

const CJK = '大模型是个潜力股我爱学习注意力的一是不了人在有这中';
function hostileText(dice: Dice): string {
  const randomChars = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[dice.int(alphabet.length)]).join('');
  switch (dice.int(12)) {
    case 0:
      return '';
    case 1:
      return dice.pick([' ', '   ', '\t', ' \n ']);
    case 2:
      return dice.pick(['👩🏽‍💻', '👨‍👩‍👧‍👦🏳️‍🌈', '🧑🏿‍🚀 hi 🫶🏼']).repeat(1 + dice.int(4));
    case 3:
      return dice.pick(['\u202Eשלום עולם', 'مرحبا بالعالم', 'abc\u202Edef\u202C', 'שלום abc 注意']);
    case 4:
      return dice.pick(['<script>window.pwned=1</script>', '<img src=x onerror="window.pwned=2">', '"><svg onload=window.pwned=3>', '{{7*7}} ${1+1}']);
    case 5:
      return randomChars(CJK + 'abc ', 200 + dice.int(1800)); // long: more than n, sometimes past the URL's 1,000
    case 6:
      return dice.pick(['e\u0301a\u0308', 'x\u0007y\u0000z', 'tab\there']);
    case 7:
      return randomChars('abcdefghij ', 1 + dice.int(20));
    default:
      return randomChars(CJK, 1 + dice.int(16));
  }
}

function seedText(dice: Dice): string {
  return dice.pick(['', '0', '1', '-5', '3.5', '42', String(dice.int(2 ** 32)), '99999999999', '4294967295', '4294967296', '1e3']);
}

/** Actions on a control that vanished, got disabled or was covered meanwhile are skipped, not failures. */
const VANISHED = /Timeout [\d.]+ms exceeded|not attached|detached|not enabled|not editable|not visible|outside of the viewport|intercepts pointer events|Element is not|did not find some options|not a <select>/;
const ACTION_TIMEOUT = 5_000;

/** Visible text of a lesson, with the parts that are measurements (and so vary) blanked. */
// Measured timings, and the overview's zoom (where the picture is panned and zoomed to is not kept in the URL).
const MEASURED = ['[data-testid=cost-lesson] section.measured', '[data-testid=cost-table-ours]', '[data-testid=overview-zoom]'];
async function lessonText(page: Page): Promise<string> {
  return page.evaluate((measured) => {
    const main = document.querySelector('main')!;
    let text = main.innerText;
    for (const element of main.querySelectorAll<HTMLElement>(measured.join(','))) {
      const part = element.innerText;
      if (part) text = text.split(part).join('[measured]');
    }
    // Durations anywhere (e.g. "computed on WASM in 691 ms") are measurements too.
    return text.replace(/\d[\d.,]*(?:e[+-]?\d+)?\s?(?:ms|毫秒|秒|s\b)/g, '[time]');
  }, MEASURED);
}

/** Settings as the URL carries them: the painted mask only counts while it is in use. */
function comparable(settings: AppSettings): AppSettings {
  return settings.config.mask === 'custom' ? settings : { ...settings, paintedMask: '' };
}

interface TraceDigest {
  meta: unknown;
  tensors: Record<string, { shape: number[]; length: number; nulls: number; sum: number; sample: (number | null)[] }>;
}

/**
 * The exported document, without its time stamp and backend details, with each tensor as
 * its shape, sum and up to 20,000 evenly spaced values (a large model's trace is hundreds
 * of megabytes of JSON: too much to move out of the page whole).
 */
async function traceDigest(page: Page): Promise<TraceDigest> {
  await exportedDocument(page); // throws if nothing was computed
  return page.evaluate(() => {
    const document_ = window.qkvLab.exportDocument()!;
    const tensors: TraceDigest['tensors'] = {};
    const groups = { weights: document_.weights, trace: document_.trace };
    for (const [group, entries] of Object.entries(groups)) {
      for (const [name, tensor] of Object.entries(entries)) {
        const stride = Math.max(1, Math.ceil(tensor.data.length / 20_000));
        let sum = 0;
        let nulls = 0;
        for (const value of tensor.data) {
          if (value === null) nulls++;
          else sum += value;
        }
        tensors[`${group}.${name}`] = {
          shape: tensor.shape,
          length: tensor.data.length,
          nulls,
          sum,
          sample: tensor.data.filter((_, index) => index % stride === 0),
        };
      }
    }
    const { config, text, tokens, isPadding, backend } = document_;
    return { meta: { config, text, tokens, isPadding, backend: backend.name }, tensors };
  });
}

function expectSameTrace(actual: TraceDigest, expected: TraceDigest): void {
  expect(actual.meta).toEqual(expected.meta);
  expect(Object.keys(actual.tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
  let worst = 0;
  let compared = 0;
  const close = (x: number, y: number, what: string, tolerance = 1e-5) => {
    const error = Math.abs(x - y) / (1 + Math.abs(y));
    worst = Math.max(worst, error);
    if (!(error <= tolerance)) throw new Error(`trace differs at ${what}: ${x} vs ${y}`);
  };
  for (const [name, a] of Object.entries(actual.tensors)) {
    const b = expected.tensors[name];
    expect({ shape: a.shape, length: a.length, nulls: a.nulls }, name).toEqual({ shape: b.shape, length: b.length, nulls: b.nulls });
    // A sum over many float32 values: the same tolerance per element, scaled by the count.
    close(a.sum, b.sum, `${name} (sum)`, 1e-5 * Math.max(1, a.length));
    a.sample.forEach((value, index) => {
      const other = b.sample[index];
      compared++;
      if (value === null || other === null) expect(value, `${name}[${index}]`).toBe(other);
      else close(value, other, `${name} sample ${index}`);
    });
  }
  console.log(`monkey: final trace equals a fresh load's (${compared} values compared, largest difference ${worst.toExponential(2)})`);
}

/** Wait until the URL has been written for the settings on screen (it is written 250 ms after the last change). */
async function settledUrl(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(async () => {
      const now = page.url();
      const stable = now === last;
      last = now;
      return stable;
    }, { intervals: [600] })
    .toBe(true);
  return last;
}

test('monkey: 1,000 seeded random interactions leave a clean, responsive page equal to a fresh load', async ({ page, pageErrors, context }) => {
  test.setTimeout(60 * 60_000);
  // One stream per step, so a replay takes the same decisions even where the page's
  // timing made an earlier step find other controls (a lesson still loading).
  const stepDice = (step: number) => new Dice(uniformGenerator((SEED ^ Math.imul(step, 0x9e3779b9)) >>> 0));
  let dice = stepDice(0);
  console.log(`monkey: seed ${SEED} (MONKEY_SEED=${SEED} to replay), ${STEPS} steps`);
  const started = Date.now();
  const counts: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  const lessonsVisited = new Set<string>();
  const backendsUsed = new Set<string>();
  const count = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);

  await page.goto('./?backend=wasm');
  await waitSettled(page);
  const baselineTensors = await heldTensors(page);
  let tensorsBeforeReset = NaN;
  let freshTensors = NaN;
  let endTensors = NaN;
  let finalLesson: LessonId | null = null;
  let url = '';
  const summary = () => {
    const seconds = (Date.now() - started) / 1000;
    console.log(
      [
        `monkey summary (seed ${SEED}, ${STEPS} steps, ${seconds.toFixed(0)} s):`,
        `  interactions: ${JSON.stringify(counts)}`,
        `  skipped (control gone or busy): ${JSON.stringify(skipped)}`,
        `  lessons visited: ${[...lessonsVisited].join(', ')}; final: ${finalLesson}`,
        `  backends used: ${[...backendsUsed].join(', ')}`,
        `  tensors: baseline ${baselineTensors} (default model, wasm); after the run ${tensorsBeforeReset} (the shown weights on each backend used);`,
        `           after a new seed ${endTensors}, fresh load of the final URL ${freshTensors}`,
        `  final URL: ${url.slice(0, 300)}`,
      ].join('\n'),
    );
  };
  try {
    lessonsVisited.add('playground');
    backendsUsed.add('wasm');

    let lastAction = '';
    const act = async (kind: string, action: () => Promise<unknown>): Promise<void> => {
      lastAction = kind;
      try {
        await action();
        count(kind);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!VANISHED.test(message)) throw error;
        skipped[kind] = (skipped[kind] ?? 0) + 1;
      }
    };

    const currentLesson = () => page.evaluate(() => window.qkvLab.settings().lesson);

    async function clickTab(id: LessonId): Promise<void> {
      await act('tab', () => page.getByTestId(`lesson-tab-${id}`).click({ timeout: ACTION_TIMEOUT }));
      lessonsVisited.add(id);
    }

    async function selectBackend(backend: string): Promise<void> {
      let select = page.locator('main select[data-testid=backend-select]');
      if ((await select.count()) === 0) {
        await clickTab('playground'); // the backend menu is on the playground (and the √d_k and cost lessons)
        select = page.locator('main select[data-testid=backend-select]');
      }
      await act('backend', () => select.selectOption(backend, { timeout: ACTION_TIMEOUT }));
      backendsUsed.add(backend);
    }

    async function localAction(): Promise<void> {
      const present = await page.evaluate((selectors) => {
        const visible = (element: Element) => element.getClientRects().length > 0;
        const result: Record<string, number[]> = {};
        for (const [kind, selector] of Object.entries(selectors)) {
          const indices: number[] = [];
          document.querySelectorAll(selector).forEach((element, index) => {
            if (visible(element)) indices.push(index);
          });
          if (indices.length > 0) result[kind] = indices;
        }
        return result;
      }, SELECTORS);
      const weights = Object.fromEntries(Object.entries(LOCAL_WEIGHTS).filter(([kind]) => present[kind])) as Partial<Record<LocalKind, number>>;
      if (Object.keys(weights).length === 0) {
        // The lesson's chunk is still loading: nothing to touch yet.
        count('wait');
        return;
      }
      const kind = dice.weighted(weights);
      const target: Locator = page.locator(SELECTORS[kind]).nth(dice.pick(present[kind]));
      const options = { timeout: ACTION_TIMEOUT };
      switch (kind) {
        case 'slider': {
          const presses = 1 + dice.int(4);
          const key = dice.weighted(SLIDER_KEYS);
          return act(kind, async () => {
            await target.focus(options);
            for (let i = 0; i < presses; i++) await target.press(key, options);
          });
        }
        case 'toggle':
          // Visually hidden checkbox inside its label: a keyboard user presses Space.
          return act(kind, () => target.press(' ', options));
        case 'segment':
          return act(kind, () => target.click(options));
        case 'text':
          return act(kind, () => target.fill(hostileText(dice), options));
        case 'number':
          return act(kind, () => target.fill(seedText(dice), options));
        case 'button':
          return act(kind, () => target.click(options));
        case 'heatmap': {
          const how = dice.int(4);
          const fx = dice.next();
          const fy = dice.next();
          const gx = dice.next();
          const gy = dice.next();
          const key = dice.pick(HEATMAP_KEYS);
          return act(kind, async () => {
            await target.scrollIntoViewIfNeeded(options);
            const box = await target.boundingBox();
            if (!box) throw new Error('Element is not visible');
            const at = (u: number, v: number) => [box.x + 1 + u * (box.width - 2), box.y + 1 + v * (box.height - 2)] as const;
            if (how === 0) await page.mouse.move(...at(fx, fy), { steps: 2 });
            else if (how === 1) await target.click({ ...options, position: { x: 1 + fx * (box.width - 2), y: 1 + fy * (box.height - 2) } });
            else if (how === 2) {
              await page.mouse.move(...at(fx, fy));
              await page.mouse.down();
              await page.mouse.move(...at(gx, gy), { steps: 4 });
              await page.mouse.up();
            } else {
              await target.focus(options);
              await target.press(key, options);
            }
          });
        }
      }
    }

    async function checkpoint(step: number): Promise<void> {
      lastAction = 'checkpoint: settle';
      await waitSettled(page);
      const state = await page.evaluate(() => ({
        computeError: window.qkvLab.computeError(),
        nonFinite: window.qkvLab.nonFiniteCount(),
        pwned: (window as unknown as { pwned?: number }).pwned,
        scripts: document.querySelectorAll('main script, main img[src="x"]').length,
      }));
      expect(pageErrors, `after step ${step}`).toEqual([]);
      expect(state, `after step ${step}`).toEqual({ computeError: null, nonFinite: 0, pwned: undefined, scripts: 0 });
      // Responsive: the page answers, and a click changes what is on screen.
      expect(await page.evaluate(() => 1)).toBe(1);
      lastAction = 'checkpoint: language';
      const lang = await page.locator('html').getAttribute('lang');
      await page.getByTestId('language-toggle').click();
      await expect(page.locator('html')).not.toHaveAttribute('lang', lang ?? '');
      count('language');
    }

    async function oneStep(step: number): Promise<void> {
      dice = stepDice(step);
      const roll = dice.next();
      if (roll < TAB_SHARE) {
        await clickTab(dice.pick(LESSON_IDS));
      } else if (roll < TAB_SHARE + LANGUAGE_SHARE) {
        await act('language', () => page.getByTestId('language-toggle').click({ timeout: ACTION_TIMEOUT }));
      } else if (roll < TAB_SHARE + LANGUAGE_SHARE + BACKEND_SHARE) {
        await selectBackend(dice.pick(BACKENDS));
      } else {
        await localAction();
      }
      await page.waitForTimeout(dice.int(51));
      if (step % CHECK_EVERY === 0) {
        await checkpoint(step);
        console.log(`monkey: step ${step}, lesson ${await currentLesson()}, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }

    for (let step = 1; step <= STEPS; step++) {
      const stepStarted = performance.now();
      try {
        await test.step(`step ${step}`, () => oneStep(step), { timeout: STEP_LIMIT_MS });
      } catch (error) {
        // Told apart by the time it took, not by Playwright's wording of its step timeout.
        if (performance.now() - stepStarted < STEP_LIMIT_MS) throw error;
        throw new Error(`monkey: step ${step} (last action: ${lastAction}) did not finish in ${STEP_LIMIT_MS / 1000} s; the page stopped answering`, { cause: error });
      }
    }

    // The end: pin the backend (the same one as the fresh load below), bring what the URL
    // cannot carry by design within its limits (text over 1,000 characters, a painted mask
    // beyond n = 128), and open a lesson whose whole state lives in the URL.
    await checkpoint(STEPS);
    dice = stepDice(STEPS + 1);
    await clickTab('playground');
    let before = await page.evaluate(() => window.qkvLab.settings());
    // The trained model's shape is fixed (no seed field): back to random weights for the seed
    // below, which also brings back the text from before (it may need the fixes below).
    if (before.weights === 'trained') {
      await act('segment', () => page.getByTestId('weights-seeded').check({ force: true, timeout: ACTION_TIMEOUT }));
      before = await page.evaluate(() => window.qkvLab.settings());
    }
    // An empty text computes nothing, so a fresh load of its URL has no numbers to compare
    // (seed 7 ends there): give the final page a text too.
    if (before.text.length > 1000 || before.text.trim() === '') await act('text', () => page.getByTestId('text-input').fill(hostileText(new Dice(uniformGenerator(SEED + 1))).slice(0, 300)));
    if (before.config.mask === 'custom' && before.config.seqLen > 128) await act('segment', () => page.getByTestId('mask-none').click());
    await selectBackend('wasm');
    // The model keeps the shown weights on every backend that ran them (switching back is
    // then cheap), and tf.memory() counts all backends: a new seed drops them everywhere, so
    // from here the monkey's worker holds what a fresh page's does, unless something leaked.
    await waitSettled(page);
    tensorsBeforeReset = await heldTensors(page);
    const newSeed = String((before.config.seed + 1 + dice.int(1000)) % 2 ** 32);
    await act('number', () => page.getByTestId('seed').fill(newSeed, { timeout: ACTION_TIMEOUT }));
    finalLesson = dice.pick(URL_COMPLETE_LESSONS);
    await clickTab(finalLesson === 'playground' ? 'qkv' : 'playground');
    await clickTab(finalLesson);
    await page.mouse.move(0, 0);
    await waitSettled(page);
    url = await settledUrl(page);
    // The cost lesson times the backend as soon as it opens: let its sweep finish (at most
    // its 45 s budget plus the n it was timing) so no timing's tensors are counted.
    // The overview shows its comparison B once that has run too.
    const sweepDone = (on: Page) =>
      finalLesson === 'cost'
        ? expect(on.getByTestId('cost-status')).toHaveAttribute('data-ready', 'true', { timeout: 240_000 })
        : finalLesson === 'overview'
          ? expect(on.getByTestId('overview')).toHaveAttribute('data-ready', 'true', { timeout: 240_000 })
          : Promise.resolve();
    await sweepDone(page);
    expect(new URL(url).searchParams.get('backend')).toBe('wasm');
    await waitSettled(page);
    const monkeySettings = await page.evaluate(() => window.qkvLab.settings());
    const monkeyTrace = await traceDigest(page);
    const monkeyText = await lessonText(page);
    expect(pageErrors).toEqual([]);

    const fresh = await context.newPage();
    const freshErrors: string[] = [];
    fresh.on('pageerror', (error) => freshErrors.push(`pageerror: ${error.message}`));
    fresh.on('console', (message) => {
      if (message.type() === 'error') freshErrors.push(`console.error: ${message.text()}`);
    });
    await fresh.goto(url);
    await waitSettled(fresh);
    await sweepDone(fresh);
    expect(comparable(await fresh.evaluate(() => window.qkvLab.settings()))).toEqual(comparable(monkeySettings));
    expectSameTrace(monkeyTrace, await traceDigest(fresh));
    expect(await lessonText(fresh)).toBe(monkeyText);
    freshTensors = await heldTensors(fresh);
    // The monkey's worker may still be finishing a probe or a timing: poll.
    await expect.poll(() => heldTensors(page), { timeout: 120_000 }).toBe(freshTensors);
    endTensors = await heldTensors(page);
    expect(freshErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    summary();
  }
});
