// npm run bench: performance of the built app in headless Chromium (WebGPU enabled).
// A benchmark, not a test: it asserts nothing about time. Prints tables and writes
// bench/results.json.
//
//   1. forward pass per backend and the Float64 reference over a size grid: cold and warm
//   2. interaction latency while a slider is dragged (an input event every frame for 5 s),
//      the default drag also with the quick lane off
//   3. auto's pick at each size and its cost relative to the fastest backend measured
//   4. tensors and bytes before and after 1,000 updates
//   5. bytes shipped (gzip) until the first heatmap; time to first paint and first heatmap
//
// Options: --runs N (warm runs per cell, default 8)  --quick (n ∈ {8, 32} only)
//          --only forward,auto,latency,memory,load (sections to run; auto needs forward;
//            --only facts prints the machine's adapters and runs nothing)
//          --backends webgpu,webgl,wasm,cpu,reference (the forward grid's columns)
//          --gpu (a machine with a real GPU: WebGL and WebGPU on it, frames composited on it)
//          --static-server (serve dist/ with plain Node instead of vite preview)
//          --trace (record a Chrome trace of each drag and summarise where the time went)
//          --out FILE (where the results go; by default bench/results.json for a full run,
//            else bench/results-partial.json). Results are written after every section.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { summariseTrace, TRACE_CATEGORIES } from './traceSummary.mjs';
import { hardwareGpuLaunchOptions, launchOptions, swiftShaderCompositingLaunchOptions } from '../scripts/browser.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const RUNS = Number(option('runs', 8));
const QUICK = argv.includes('--quick');
const ONLY = option('only', 'forward,auto,latency,memory,load').split(',');
const SEQ_LENS = QUICK ? [8, 32] : [8, 32, 128, 512];
const D_MODELS = [64, 256];
const HEADS = [4, 8];
const LAYERS = 2;
const BACKENDS = option('backends', 'webgpu,webgl,wasm,cpu').split(',').filter((backend) => backend !== 'reference');
const WITH_REFERENCE = option('backends', 'reference').split(',').includes('reference');
const GPU = argv.includes('--gpu');
const TRACE = argv.includes('--trace');
const PORT = 4174;
const URL_BASE = `http://localhost:${PORT}/`;
const SENTENCE = '大模型是个潜力股我爱学习注意力机制';

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const textOf = (n) => SENTENCE.repeat(Math.ceil(n / SENTENCE.length)).slice(0, n);
const requestFor = (n, dModel, numHeads) => ({
  // The playground's defaults (src/model/config.ts DEFAULT_CONFIG) at this size.
  config: { dModel, numHeads, seqLen: n, numLayers: LAYERS, scaleScores: true, mask: 'none', tie: 'none', positional: true, seed: 42 },
  tokens: [...textOf(n)],
  isPadding: Array(n).fill(false),
});
const fmt = (ms) => (ms === undefined || Number.isNaN(ms) ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const log = (...parts) => console.log(...parts);

const server = argv.includes('--static-server')
  ? await (await import('./static-server.mjs')).serveStatic(new URL('../dist', import.meta.url).pathname, PORT)
  : await (await import('vite')).preview({ preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch(GPU ? hardwareGpuLaunchOptions : launchOptions);
const results = { date: new Date().toISOString(), machine: {}, runs: RUNS, forward: [], latency: [], auto: [], memory: [], load: {} };
// A partial run (--only, --quick, --backends) must not overwrite the full results.
const FULL_RUN = ONLY.length === 5 && !QUICK && BACKENDS.length === 4 && WITH_REFERENCE && !GPU;
const OUT_FILE = option('out', new URL(FULL_RUN ? './results.json' : './results-partial.json', import.meta.url).pathname);
const saveResults = () => writeFileSync(OUT_FILE, JSON.stringify(results, null, 2));

async function openApp(query, context = browser, pageOptions = {}) {
  const page = await context.newPage(pageOptions);
  await page.goto(`${URL_BASE}?${query}`);
  await settle(page);
  return page;
}
async function settle(page) {
  await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, { timeout: 600_000 });
}

try {
  results.machine = await machineFacts();
  results.sections = ONLY;
  results.machine.graphics = GPU ? 'hardware GPU (ANGLE and Dawn on Vulkan)' : 'software (SwiftShader)';
  log(`\nQKV Lab bench · ${results.date} · ${results.machine.cpus} CPUs · ${results.machine.userAgent}`);
  log(`adapters: ${JSON.stringify(results.machine.adapters)}\n`);
  // Saved after every section, so that a run cut short keeps what it measured.
  const sections = [
    ['forward', forwardGrid],
    ['auto', autoPicks],
    ['latency', interactionLatency],
    ['memory', memoryAfterUpdates],
    ['load', loadCost],
  ];
  for (const [name, run] of sections) {
    if (!ONLY.includes(name) || (name === 'auto' && !ONLY.includes('forward'))) continue;
    await run();
    saveResults();
  }
  saveResults();
  log(`\nwritten to ${OUT_FILE}`);
} finally {
  await browser.close();
  await server.close();
}

async function machineFacts() {
  const facts = { cpus: (await import('node:os')).cpus().length, adapters: {} };
  for (const backend of BACKENDS) {
    const page = await openApp(`backend=${backend}&n=4`);
    const status = await page.evaluate(() => window.qkvLab.backend());
    facts.adapters[backend] = status.name === backend ? `${status.adapter} (${status.precision})` : `unavailable → ${status.name}`;
    facts.userAgent = await page.evaluate(() => navigator.userAgent.replace(/^Mozilla\/5\.0 /, ''));
    await page.close();
  }
  return facts;
}

// 1. Forward pass (compute + readback of every intermediate) per backend and size.
async function forwardGrid() {
  const columns = WITH_REFERENCE ? [...BACKENDS, 'reference'] : BACKENDS;
  for (const backend of columns) {
    const page = await openApp(`backend=${backend === 'reference' ? 'wasm' : backend}&n=4`);
    for (const n of SEQ_LENS) {
      for (const dModel of D_MODELS) {
        for (const numHeads of HEADS) {
          const request = requestFor(n, dModel, numHeads);
          // The reference at the largest sizes takes seconds per run: fewer runs there.
          const runs = backend === 'reference' && n * dModel > 32 * 256 ? Math.min(RUNS, 3) : RUNS;
          const measured =
            backend === 'reference'
              ? await page.evaluate(([r, k]) => window.qkvLab.measureReference(r, k), [request, runs])
              : await page.evaluate(([b, r, k]) => window.qkvLab.measure(b, r, k), [backend, request, runs]);
          process.stderr.write(`  forward ${backend} n=${n} d=${dModel} h=${numHeads}: ${measured.times ? median(measured.times).toFixed(1) + ' ms' : measured.failure}\n`);
          results.forward.push({
            backend,
            n,
            dModel,
            numHeads,
            failure: measured.failure,
            firstMs: measured.firstMs,
            medianMs: measured.times ? median(measured.times) : undefined,
            p95Ms: measured.times ? quantile(measured.times, 0.95) : undefined,
          });
        }
      }
    }
    await page.close();
  }
  log(`## 1. Forward pass: compute + readback of every intermediate, ${LAYERS} layers; warm = ${RUNS} runs after one cold run (ms)\n`);
  log('| n | d_model | heads | ' + columns.map((b) => `${b} cold / median / p95`).join(' | ') + ' | fastest |');
  log('|---:|---:|---:|' + columns.map(() => '---|').join('') + '---|');
  for (const n of SEQ_LENS)
    for (const dModel of D_MODELS)
      for (const numHeads of HEADS) {
        const cells = results.forward.filter((row) => row.n === n && row.dModel === dModel && row.numHeads === numHeads);
        const fastest = Math.min(...cells.filter((row) => row.backend !== 'reference' && row.medianMs).map((row) => row.medianMs));
        const text = columns.map((backend) => {
          const row = cells.find((cell) => cell.backend === backend);
          if (!row || row.failure) return `✕ ${row?.failure ?? ''}`;
          return `${fmt(row.firstMs)} / **${fmt(row.medianMs)}** / ${fmt(row.p95Ms)} (×${(row.medianMs / fastest).toFixed(1)})`;
        });
        const best = cells.find((row) => row.medianMs === fastest)?.backend;
        log(`| ${n} | ${dModel} | ${numHeads} | ${text.join(' | ')} | ${best} |`);
      }
}

// 3. auto's choice per size range, against the fastest measured in section 1.
async function autoPicks() {
  log('\n## 3. auto: its pick at each size and the cost relative to the fastest backend of section 1\n');
  log('| n | d_model | heads | auto picked | its median ms | fastest | fastest median ms | auto / fastest |');
  log('|---:|---:|---:|---|---:|---|---:|---:|');
  for (const n of SEQ_LENS)
    for (const dModel of D_MODELS) {
      const page = await openApp(`n=${n}&d=${dModel}&h=4&text=${encodeURIComponent(textOf(n))}`);
      const decision = await page.evaluate(() => window.qkvLab.autoDecision());
      await page.close();
      for (const numHeads of HEADS) {
        const cells = results.forward.filter((row) => row.n === n && row.dModel === dModel && row.numHeads === numHeads && row.backend !== 'reference' && row.medianMs);
        if (cells.length === 0) {
          log(`| ${n} | ${dModel} | ${numHeads} | ${decision?.pick} | — | no backend measured in section 1 | — | — |`);
          continue;
        }
        const fastest = cells.reduce((best, row) => (row.medianMs < best.medianMs ? row : best));
        const picked = cells.find((row) => row.backend === decision?.pick);
        const ratio = picked ? picked.medianMs / fastest.medianMs : NaN;
        results.auto.push({ n, dModel, numHeads, pick: decision?.pick, calibration: decision?.timings, fastest: fastest.backend, ratio });
        log(`| ${n} | ${dModel} | ${numHeads} | ${decision?.pick} | ${fmt(picked?.medianMs)} | ${fastest.backend} | ${fmt(fastest.medianMs)} | ${ratio.toFixed(2)} |`);
      }
    }
}

// 2. Input → painted heatmaps while a slider is dragged: an input event every frame for 5 s.
async function interactionLatency() {
  log('\n## 2. Interaction latency: sequence-length slider dragged, one input event per frame for 5 s (auto backend)\n');
  if (!GPU) log('Frames composited in software (as Chrome does without a GPU), then through SwiftShader (headless Chromium\'s own choice here, which costs the GPU process a CPU core).\n');
  log('| config | compositor | backend | results painted | of them on the page\'s thread | input→paint p50 / p95 / max ms | frames (median interval) | frames missed at 60 Hz | main-thread tasks ≥ 50 ms | longest ms |');
  log('|---|---|---|---:|---:|---|---:|---:|---:|---:|');
  const cases = [
    { name: 'default (n=8, d=64, 4 heads)', query: '', values: [8, 9] },
    // The same drag with the quick lane off: every pass in the worker, for comparison.
    { name: 'default, worker only', query: '', values: [8, 9], laneBudgetMs: 0 },
    { name: 'n=512, d=256, 8 heads', query: `n=512&d=256&h=8&text=${encodeURIComponent(textOf(512))}`, values: [511, 512] },
  ];
  if (GPU) {
    for (const testCase of cases) await dragLatency(testCase, 'GPU', browser);
  } else {
    const swiftShaderBrowser = await chromium.launch(swiftShaderCompositingLaunchOptions);
    try {
      for (const [compositor, context] of [['software', browser], ['SwiftShader', swiftShaderBrowser]]) {
        for (const testCase of cases) await dragLatency(testCase, compositor, context);
      }
    } finally {
      await swiftShaderBrowser.close();
    }
  }
  if (!TRACE) return;
  log('\nTraced: main-thread busy ms, its tasks over 16.7 / 33.3 ms, longest, the worker\'s busy ms, and inclusive ms by event name\n');
  for (const row of results.latency) log(`- ${row.config}, ${row.compositor}: ${JSON.stringify(row.trace)}`);
}

/** One drag of the sequence-length slider, in a fresh page of the given browser. */
async function dragLatency(testCase, compositor, context) {
  // No service worker: its precaching of the whole app (90 files) would share the drag's
  // first seconds, more in whichever case ran first. The first visit is measured in section 5.
  const page = await openApp(testCase.query, context, { serviceWorkers: 'block' });
  const backend = (await page.evaluate(() => window.qkvLab.backend())).name;
  if (testCase.laneBudgetMs !== undefined) await page.evaluate((ms) => window.qkvLab.setQuickLaneBudget(ms), testCase.laneBudgetMs);
  // Tracing slows the page a little: a traced drag's own figures are for reading the trace.
  if (TRACE) await context.startTracing(page, { categories: TRACE_CATEGORIES });
  const measured = await page.evaluate(async (values) => {
    const slider = document.querySelector('[data-testid="seq-len"]');
    const before = window.qkvLab.latencySamples().length;
    const resultsBefore = window.qkvLab.forwardCount();
    const quickBefore = window.qkvLab.quickLane().runs;
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => longTasks.push(entry.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const frameTimes = [];
    await new Promise((resolve) => {
      const started = performance.now();
      let index = 0;
      const step = (now) => {
        frameTimes.push(now);
        if (now - started > 5000) return resolve();
        slider.value = String(values[index++ % values.length] - 1); // the slider holds an index into 1…512
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    while (!window.qkvLab.settled()) await new Promise((resolve) => setTimeout(resolve, 20));
    observer.disconnect();
    const intervals = frameTimes.slice(1).map((time, i) => time - frameTimes[i]);
    const frame = intervals.slice().sort((a, b) => a - b)[intervals.length >> 1];
    // Frames missed against a 60 Hz display: a 50 ms gap is two missed frames.
    const missed = intervals.reduce((sum, interval) => sum + Math.max(0, Math.round(interval / (1000 / 60)) - 1), 0);
    return {
      samples: window.qkvLab.latencySamples().slice(before),
      results: window.qkvLab.forwardCount() - resultsBefore,
      quickLane: window.qkvLab.quickLane().runs - quickBefore,
      frames: frameTimes.length,
      dropped: missed,
      frameMs: frame,
      longestTask: longTasks.length ? Math.max(...longTasks) : 0,
      longTasks: longTasks.length,
    };
  }, testCase.values);
  const trace = TRACE ? summariseTrace(await context.stopTracing()) : undefined;
  const row = {
    config: testCase.name,
    compositor,
    backend,
    results: measured.results,
    quickLane: measured.quickLane,
    p50: quantile(measured.samples, 0.5),
    p95: quantile(measured.samples, 0.95),
    max: Math.max(...measured.samples),
    frames: measured.frames,
    dropped: measured.dropped,
    frameMs: measured.frameMs,
    longestTaskMs: measured.longestTask,
    longTasks: measured.longTasks,
    trace,
  };
  results.latency.push(row);
  log(`| ${row.config} | ${compositor} | ${backend} | ${row.results} | ${row.quickLane} | ${fmt(row.p50)} / ${fmt(row.p95)} / ${fmt(row.max)} | ${row.frames} (${fmt(row.frameMs)} ms) | ${row.dropped} | ${row.longTasks} | ${row.longestTaskMs ? fmt(row.longestTaskMs) : '—'} |`);
  await page.close();
}

// 4. Tensors and bytes before and after 1,000 updates.
async function memoryAfterUpdates() {
  log('\n## 4. Memory before and after 1,000 updates (one input event per frame, then settled)\n');
  log('| backend | tensors before → after | bytes before → after | GPU bytes before → after | forward passes |');
  log('|---|---|---|---|---:|');
  for (const backend of BACKENDS) {
    const page = await openApp(`backend=${backend}`);
    const before = await page.evaluate(() => window.qkvLab.memory());
    const passesBefore = await page.evaluate(() => window.qkvLab.forwardCount());
    await page.evaluate(async () => {
      const slider = document.querySelector('[data-testid="seq-len"]');
      for (let update = 0; update < 1000; update++) {
        slider.value = String(5 + (update % 6));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      slider.value = '7'; // back to n = 8, the start
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle(page);
    const after = await page.evaluate(() => window.qkvLab.memory());
    const passes = (await page.evaluate(() => window.qkvLab.forwardCount())) - passesBefore;
    results.memory.push({ backend, before, after, passes });
    const gpu = before.numBytesInGPU === null ? '—' : `${before.numBytesInGPU} → ${after.numBytesInGPU}`;
    log(`| ${backend} | ${before.numTensors} → ${after.numTensors} | ${before.numBytes} → ${after.numBytes} | ${gpu} | ${passes} |`);
    await page.close();
  }
}

// 5. What a first visit costs: bytes (gzip) until the first heatmap, first paint, first heatmap.
async function loadCost() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => responses.push(response));
  let firstHeatmapAt = Infinity;
  const started = Date.now();
  await page.goto(URL_BASE);
  await page.waitForFunction(() => performance.getEntriesByName('qkv-lab:first-heatmap').length > 0, null, { timeout: 600_000 });
  firstHeatmapAt = Date.now();
  const timing = await page.evaluate(() => ({
    firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    firstHeatmap: performance.getEntriesByName('qkv-lab:first-heatmap')[0]?.startTime,
    backend: window.qkvLab.backend()?.name,
  }));
  // Each file is kept, so that two runs' totals can be told apart.
  const files = [];
  for (const response of responses) {
    const body = await response.body().catch(() => Buffer.alloc(0));
    files.push({ url: response.url().replace(URL_BASE, ''), bytes: body.length, gzipBytes: gzipSync(body).length });
  }
  const rawBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  results.load = { ...timing, requests: responses.length, rawBytes, gzipBytes, wallMs: firstHeatmapAt - started, files };
  log('\n## 5. First visit (empty cache, localhost)\n');
  log('| requests | bytes | gzip bytes | first paint ms | first heatmap ms | first backend |');
  log('|---:|---:|---:|---:|---:|---|');
  log(`| ${responses.length} | ${rawBytes} | ${gzipBytes} | ${fmt(timing.firstPaint)} | ${fmt(timing.firstHeatmap)} | ${timing.backend} |`);
  await context.close();
}
