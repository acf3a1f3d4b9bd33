// npm run bench: times the forward pass (compute + readback of every intermediate) of
// the built app on each backend in headless Chromium, and prints a table. Not a test:
// it asserts nothing about time. Results also go to bench/results.json.
//
// Usage: npm run bench [-- --runs 20 --sizes 8,32,128]
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { launchOptions } from '../scripts/browser.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, index, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[index + 1]]] : pairs), []),
);
const RUNS = Number(args.runs ?? 20);
const SIZES = String(args.sizes ?? '8,32,128').split(',').map(Number);
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
const PORT = 4174;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// The built app, served in-process (a child vite would outlive a killed npx).
const server = await preview({ preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
try {
  const browser = await chromium.launch(launchOptions);
  const rows = [];
  for (const seqLen of SIZES) {
    for (const backend of BACKENDS) {
      const page = await browser.newPage();
      const text = encodeURIComponent('大模型是个潜力股我爱学习'.repeat(Math.ceil(seqLen / 12)).slice(0, seqLen));
      const started = Date.now();
      await page.goto(`http://localhost:${PORT}/?backend=${backend}&n=${seqLen}&text=${text}`);
      await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 300_000 });
      const status = await page.evaluate(() => window.qkvLab.backend());
      // The first pass on a fresh page includes backend start-up and shader compilation.
      const firstRunMs = await page.evaluate(() => window.qkvLab.elapsedMs());
      const times = (await page.evaluate((runs) => window.qkvLab.timeForwardPasses(runs), RUNS)).sort((a, b) => a - b);
      rows.push({
        seqLen,
        backend,
        ran: status.name,
        adapter: status.adapter,
        loadToFirstResultMs: Date.now() - started,
        firstRunMs,
        medianMs: quantile(times, 0.5),
        p95Ms: quantile(times, 0.95),
      });
      await page.close();
    }
  }
  await browser.close();
  print(rows);
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, rows }, null, 2));
} finally {
  await server.close();
}

function print(rows) {
  console.log(`\nForward pass, d_model=64, 4 heads, 2 layers, readback of every intermediate; warm: ${RUNS} runs\n`);
  console.log('|   n | backend | first run ms | warm median ms | warm p95 ms | × fastest |');
  console.log('|----:|---------|-------------:|---------------:|------------:|----------:|');
  for (const seqLen of SIZES) {
    const group = rows.filter((row) => row.seqLen === seqLen);
    const fastest = Math.min(...group.map((row) => row.medianMs));
    for (const row of group) {
      const name = row.ran === row.backend ? row.backend : `${row.backend}→${row.ran}`;
      console.log(
        `| ${String(seqLen).padStart(3)} | ${name.padEnd(7)} | ${row.firstRunMs.toFixed(1).padStart(12)} | ${row.medianMs.toFixed(2).padStart(14)} | ${row.p95Ms.toFixed(2).padStart(11)} | ${(row.medianMs / fastest).toFixed(1).padStart(9)} |`,
      );
    }
  }
}
