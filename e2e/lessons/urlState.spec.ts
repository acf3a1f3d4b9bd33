// The explorers of lessons 6–9 keep their settings in the URL: for each lesson, change its
// controls as a user, wait for the URL to be written (250 ms after the last input), reload
// that URL, and find the same controls and the same readouts on screen.
import type { Page } from '@playwright/test';
import { test, expect, openApp } from '../fixtures';

/** Put a slider on a value with the keyboard: Home, then → until its output says so. */
async function slideTo(page: Page, testId: string, target: number): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('Home');
  for (let step = 0; step < 100; step++) {
    if (Number(await page.getByTestId(`${testId}-value`).textContent()) === target) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`${testId} never reached ${target}`);
}

/** Wait until the URL holds these keys and values (written a moment after the input). */
async function waitForUrl(page: Page, expected: Record<string, string | string[]>): Promise<void> {
  for (const [key, value] of Object.entries(expected)) {
    await expect
      .poll(() => {
        const params = new URL(page.url()).searchParams;
        return Array.isArray(value) ? params.getAll(key) : params.get(key);
      }, { message: `URL key ${key}` })
      .toEqual(value);
  }
}

/** Reload the very URL on screen; what `read` sees afterwards must equal what it saw before. */
async function expectSameAfterReload(page: Page, backendName: string, read: () => Promise<unknown>): Promise<void> {
  const before = await read();
  await openApp(page, new URL(page.url()).search.slice(1));
  expect(new URL(page.url()).searchParams.get('backend')).toBe(backendName);
  expect(await read()).toEqual(before);
}

const sliderValue = (page: Page, testId: string) => page.getByTestId(`${testId}-value`).textContent();

test('position lesson: the PE sliders, the picked cell and the shuffle survive a reload', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=position&lang=en`);
  await slideTo(page, 'position-dmodel', 128);
  await slideTo(page, 'position-positions', 16);
  await slideTo(page, 'position-base', 100);
  await slideTo(page, 'position-offset', 5);
  await slideTo(page, 'position-dimension', 7);
  await slideTo(page, 'position-pos', 11);
  await page.getByTestId('position-shuffle').click();
  await expect(page.getByTestId('position-shuffled-text')).toBeVisible();
  await waitForUrl(page, { pd: '128', pn: '16', pbase: '100', pk: '5', pdim: '7', ppos: '11', pshuf: '1' });

  const read = async () => ({
    sliders: await Promise.all(['dmodel', 'positions', 'base', 'offset', 'dimension', 'pos'].map((name) => sliderValue(page, `position-${name}`))),
    picked: await page.getByTestId('position-picked-value').getAttribute('data-value'),
    pickedText: await page.getByTestId('position-picked-value').textContent(),
    rotation: await page.getByTestId('position-rotation-error').getAttribute('data-value'),
    shuffled: await page.getByTestId('position-shuffled-text').textContent(),
  });
  await expectSameAfterReload(page, backendName, read);
  // PE(11, 7) at d = 128, base 100: cos(11 · 100^(−6/128)), from the formula.
  expect(Number(await page.getByTestId('position-picked-value').getAttribute('data-value'))).toBeCloseTo(Math.cos(11 * 100 ** (-6 / 128)), 12);
  expect(pageErrors).toEqual([]);
});

test('norms lesson: sentences (commas, emoji), mode, padding, distribution and picks survive a reload', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=norms&lang=en`);
  const status = page.getByTestId('norms-status');
  await expect(status).toHaveAttribute('data-ready', 'true');
  const texts = ['大模型是个潜力股', '我, 爱&学=习', '注意力', '👩🏽‍💻 ok'];
  await page.getByTestId('norms-sentence-2').fill(texts[1]);
  await page.getByTestId('norms-add').click();
  await page.getByTestId('norms-sentence-4').fill(texts[3]);
  await page.getByTestId('norms-mode-inference').check();
  await page.getByTestId('norms-exclude-padding').uncheck({ force: true });
  await page.getByTestId('norms-distribution-of-token').check();
  await expect(status).toHaveAttribute('data-texts', JSON.stringify(texts));
  await expect(status).toHaveAttribute('data-ready', 'true');
  // Channel 10 on the 8 × 8 BatchNorm map (d_model 64), then sentence 2, position 3 on the LayerNorm map.
  await pickCell(page, 'norms-batch-mean', 1, 2, 8, 8);
  await pickCell(page, 'norms-layer-mean', 1, 2, 4, 8);
  await waitForUrl(page, { ns: texts, nmode: 'inference', npad: 'in', ndist: 'token', nch: '10', ntok: '2-3' });
  await expect(status).toHaveAttribute('data-ready', 'true');

  const read = async () => {
    await expect(status).toHaveAttribute('data-ready', 'true');
    const channel = page.getByTestId('norms-picked-channel');
    const token = page.getByTestId('norms-picked-token');
    return {
      sentences: await Promise.all(texts.map((_, i) => page.getByTestId(`norms-sentence-${i + 1}`).inputValue())),
      mode: await page.getByTestId('norms-mode-inference').isChecked(),
      excluded: await page.getByTestId('norms-exclude-padding').isChecked(),
      ofToken: await page.getByTestId('norms-distribution-of-token').isChecked(),
      texts: await status.getAttribute('data-texts'),
      tokens: await status.getAttribute('data-tokens'),
      channel: [await channel.getAttribute('data-channel'), await channel.getAttribute('data-mode'), await channel.getAttribute('data-mean')],
      token: [await token.getAttribute('data-token'), await token.getAttribute('data-mean'), await token.textContent()],
    };
  };
  const before = await read();
  expect(before.sentences).toEqual(texts);
  expect(before.channel[0]).toBe('10');
  expect(before.excluded).toBe(false);
  await expectSameAfterReload(page, backendName, read);
  expect(pageErrors).toEqual([]);
});

async function pickCell(page: Page, testId: string, row: number, col: number, rows: number, cols: number): Promise<void> {
  const box = (await page.getByTestId(testId).locator('canvas').boundingBox())!;
  await page.mouse.click(box.x + ((col + 0.5) * box.width) / cols, box.y + ((row + 0.5) * box.height) / rows);
  await page.mouse.move(0, 0); // leave the map: the readouts show the picked cell
}

test('depth lesson: the stack settings survive a reload', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=depth&lang=en`);
  await slideTo(page, 'depth-depth', 6);
  await slideTo(page, 'depth-gain', 1.189);
  await slideTo(page, 'depth-seed', 3);
  await page.getByTestId('depth-width-64').check();
  await page.getByTestId('depth-activation-relu').check();
  await page.getByTestId('depth-norm-pre').check();
  await page.getByTestId('depth-residual').check({ force: true });
  await waitForUrl(page, { sL: '6', sg: '1.189', sseed: '3', sw: '64', sf: 'relu', sln: 'pre', sres: '1' });

  const status = page.getByTestId('depth-status');
  const read = async () => {
    await expect(status).toHaveAttribute('data-ready', 'true');
    await expect(status).toHaveAttribute('data-key', /"depth":6,/);
    return {
      sliders: await Promise.all(['depth', 'gain', 'seed'].map((name) => sliderValue(page, `depth-${name}`))),
      choices: await Promise.all(['depth-width-64', 'depth-activation-relu', 'depth-norm-pre', 'depth-residual'].map((id) => page.getByTestId(id).isChecked())),
      setup: await status.getAttribute('data-key'),
      std: await page.getByTestId('depth-std-main').getAttribute('data-value'),
    };
  };
  const before = await read();
  expect(JSON.parse(before.setup!)).toMatchObject({ depth: 6, width: 64, gain: 1.189, activation: 'relu', norm: 'pre', residual: true, seed: 3 });
  await expectSameAfterReload(page, backendName, read);
  expect(pageErrors).toEqual([]);
});

test('cost lesson: n and the largest timed n survive a reload', async ({ page, backendName, pageErrors }) => {
  await openApp(page, `backend=${backendName}&lesson=cost&lang=en`);
  await slideTo(page, 'cost-n', 256);
  await slideTo(page, 'cost-max-timed', 64);
  await waitForUrl(page, { cn: '256', cmax: '64' });

  const read = async () => ({
    sliders: await Promise.all(['cost-n', 'cost-max-timed'].map((id) => sliderValue(page, id))),
    selfAttention: await page.getByTestId('cost-table-selfAttention').getAttribute('data-value'),
  });
  expect((await read()).sliders).toEqual(['256', '64']);
  await expectSameAfterReload(page, backendName, read);
  // The sweep after the reload times up to n = 64 only.
  await expect(page.getByTestId('cost-status')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('cost-largest')).toHaveAttribute('data-value', '64');
  expect(pageErrors).toEqual([]);
});
