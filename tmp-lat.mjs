import { chromium } from '@playwright/test';
import { launchOptions } from './scripts/browser.mjs';
const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
for (const extra of [[], ['--disable-gpu-vsync', '--disable-frame-rate-limit']]) {
  const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, ...extra] });
  const page = await browser.newPage();
  await page.goto('http://localhost:4195/?backend=wasm');
  await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 120000 });
  await page.waitForTimeout(1000);
  const r = await page.evaluate(async () => {
    const slider = document.querySelector('[data-testid="seq-len"]');
    const before = window.qkvLab.latencySamples().length;
    const f0 = window.qkvLab.forwardCount();
    let i = 0; const started = performance.now();
    await new Promise((resolve) => { const tick = () => { if (performance.now() - started > 5000) return resolve(); slider.value = String([8, 9][i++ % 2] - 1); slider.dispatchEvent(new Event('input', { bubbles: true })); setTimeout(tick, 1000 / 60); }; tick(); });
    while (!window.qkvLab.settled()) await new Promise((r) => setTimeout(r, 20));
    return { inputs: i, results: window.qkvLab.forwardCount() - f0, samples: window.qkvLab.latencySamples().slice(before), elapsed: window.qkvLab.elapsedMs() };
  });
  console.log(extra.join(' ') || 'default', 'inputs', r.inputs, 'results', r.results, 'p50', q(r.samples, 0.5).toFixed(1), 'p95', q(r.samples, 0.95).toFixed(1), 'elapsed', r.elapsed?.toFixed(1));
  await browser.close();
}
