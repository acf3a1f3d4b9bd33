// Nothing leaves the page: every request the app makes, in every lesson and from its
// service worker, goes to its own origin, and the Content-Security-Policy (index.html) is
// never violated — no inline script, no eval, no foreign fonts, workers or data.
import { test, expect, waitSettled } from './fixtures';
import { LESSON_IDS } from '../src/state/lessons';

test('every lesson loads only from the app origin, never violates the CSP and leaks no tensor', async ({ page, pageErrors, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  // The context sees the service worker's requests (its precaching) as well as the page's.
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    // data: and blob: URLs are made by the page itself (canvas, worker glue), not fetched.
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(request.url());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI}`));
  });

  await page.goto('./');
  await waitSettled(page);
  const baselineTensors = (await page.evaluate(() => window.qkvLab.memory())).numTensors;
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).toContain("connect-src 'self'");

  for (const id of LESSON_IDS) {
    await page.getByTestId(`lesson-tab-${id}`).click();
    if (id !== 'playground') await expect(page.getByTestId('lesson-explanation')).toBeVisible();
    await waitSettled(page);
    // Open the explanation so KaTeX (lazy chunk, fonts) has rendered where a lesson has one.
    const more = page.getByTestId('lesson-more');
    if ((await more.count()) > 0 && (await more.getAttribute('aria-expanded')) === 'false') await more.click();
  }
  // The language switch loads nothing new from elsewhere either.
  await page.getByTestId('language-toggle').click();
  await waitSettled(page);
  // Back on the playground, every lesson's probes have given their tensors back (the cost
  // lesson's sweep may still be finishing its last n, hence the poll).
  await page.getByTestId('lesson-tab-playground').click();
  await waitSettled(page);
  await expect.poll(async () => (await page.evaluate(() => window.qkvLab.memory())).numTensors).toBe(baselineTensors);
  // The service worker has precached the whole app (its notice says so) and controls the page.
  // The toast leaves after a few seconds; <html data-offline> keeps the state.
  await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready');
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${origin}/sw.js`);

  expect(foreign).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the model worker runs under the same policy (sent as a header): no code from strings there either', async ({ page, pageErrors }) => {
  const workerScript = page.waitForResponse(/\/assets\/modelWorker-[^/]*\.js$/);
  await page.goto('./?backend=wasm');
  await waitSettled(page);
  const pagePolicy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect((await workerScript).headers()['content-security-policy']).toBe(pagePolicy);
  const [worker] = page.workers();
  // Code from a string is refused in the worker (Playwright's own evaluate is exempt from
  // the policy, so a string timer is the probe): it does not run and a violation is reported.
  // Served without the header (checked by hand with a plain static server) it runs.
  const outcome = await worker.evaluate(
    () =>
      new Promise<{ ran: boolean; violations: string[] }>((resolve) => {
        const violations: string[] = [];
        self.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
        const scope = self as unknown as { stringTimerRan: boolean };
        scope.stringTimerRan = false;
        (setTimeout as unknown as (code: string, ms: number) => void)('self.stringTimerRan = true', 0);
        setTimeout(() => resolve({ ran: scope.stringTimerRan, violations }), 100);
      }),
  );
  expect(outcome).toEqual({ ran: false, violations: ['script-src'] });
  // WebAssembly is allowed there: the WASM backend runs.
  expect((await page.evaluate(() => window.qkvLab.backend()))?.name).toBe('wasm');
  // The one refusal above may be logged; nothing else.
  expect(pageErrors.filter((error) => !error.includes('Content Security Policy'))).toEqual([]);
});

// Markup, scripts, bidirectional text, joined emoji, combining marks and control characters
// typed (or linked) as text are only ever characters: one token per user-perceived
// character, drawn as text, never interpreted.
const HOSTILE = '<img src=x onerror="window.pwned=1">👩🏽‍💻e\u0301\u202Eשלום\u0007<script>window.pwned=2</script>';

test('hostile text is shown as characters, never run, in the URL, the playground and a lesson', async ({ page, pageErrors }) => {
  await page.goto(`./?n=64&text=${encodeURIComponent(HOSTILE)}`);
  await waitSettled(page);
  const tokens = await page.evaluate(() => window.qkvLab.exportDocument()!.tokens);
  // Grapheme clusters: the ZWJ emoji with its skin tone and e + combining accent are one token each.
  expect(tokens.slice(0, 5)).toEqual(['<', 'i', 'm', 'g', ' ']);
  expect(tokens).toContain('👩🏽‍💻');
  expect(tokens).toContain('e\u0301');
  expect(tokens).toContain('\u2407'); // BEL shown as its control picture
  await expect(page.getByTestId('token-text').first()).toHaveText('<');

  await page.getByTestId('text-input').fill(HOSTILE.repeat(3000)); // ~150,000 characters pasted
  await waitSettled(page);
  await expect(page.getByTestId('input-message')).toBeVisible();

  await page.getByTestId('lesson-tab-norms').click();
  await page.getByTestId('norms-sentence-2').fill(HOSTILE);
  await waitSettled(page);
  await expect(page.getByTestId('norms-demo')).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('main script').count()).toBe(0);
  // What was typed is kept nowhere but the URL: no web storage, cookie or database.
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).length,
  }));
  expect(stored).toEqual({ local: 0, session: 0, cookie: '', databases: 0 });
  expect(await page.context().cookies()).toEqual([]);
  expect(pageErrors).toEqual([]);
});
