import { defineConfig } from '@playwright/test';
import type { Options } from './e2e/fixtures';
// @ts-expect-error: plain ES module shared with the bench and screenshot scripts
import { CHROMIUM_ARGS, launchOptions } from './scripts/browser.mjs';

// QKV_PORT lets several checkouts test side by side.
const PORT = Number(process.env.QKV_PORT ?? 4173);

// Each backend is its own project, so the parity suite runs against the real webgpu,
// webgl, wasm and cpu backends; the user-flow suite runs once, on WASM (the fastest here).
export default defineConfig<Options>({
  testDir: 'e2e',
  // Software GPUs are CPU emulation: generous timeouts, never timing assertions.
  timeout: 240_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1280, height: 900 },
    launchOptions,
    trace: 'retain-on-failure',
    // The service worker precaches ~5 MB after every load and would answer requests that
    // page.route() cannot see (the fault injection); only the projects about it allow it.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'webgpu', testMatch: /parity\.spec\.ts/, use: { backendName: 'webgpu' } },
    { name: 'webgl', testMatch: /parity\.spec\.ts/, use: { backendName: 'webgl' } },
    { name: 'wasm', testMatch: /parity\.spec\.ts/, use: { backendName: 'wasm' } },
    { name: 'cpu', testMatch: /parity\.spec\.ts/, use: { backendName: 'cpu' } },
    { name: 'ui', testMatch: /playground\.spec\.ts/, use: { backendName: 'wasm' } },
    // Keyboard and presentation-clicker control, and visible focus.
    { name: 'keyboard', testMatch: /keyboard\.spec\.ts/, use: { backendName: 'wasm' } },
    // Accessibility: axe in every lesson, language, view and theme; chart summaries; reduced motion.
    { name: 'a11y', testMatch: /a11y\.spec\.ts/, use: { backendName: 'wasm' } },
    // Phones (390 × 844 and 360 × 740, touch): stacked panels, no sideways page scroll, 44 px targets, tap for hover.
    { name: 'phone', testMatch: /phone\.spec\.ts/, use: { backendName: 'wasm', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    // Projector mode and themes at a classroom projector's 1024 × 768.
    { name: 'projector', testMatch: /projector\.spec\.ts/, use: { backendName: 'wasm', viewport: { width: 1024, height: 768 } } },
    // Figure export: PNG/SVG/CSV/JSON downloads of the lessons' figures, checked against the app's numbers.
    { name: 'export', testMatch: /export\.spec\.ts/, use: { backendName: 'wasm' } },
    // Same-origin requests, the Content-Security-Policy, hostile text; extreme settings on a GPU backend.
    { name: 'security', testMatch: /security\.spec\.ts/, use: { serviceWorkers: 'allow' } },
    // Served from a subfolder by a plain Node server; offline after one visit (service worker).
    { name: 'offline', testMatch: /offline\.spec\.ts/, use: { backendName: 'wasm', serviceWorkers: 'allow' } },
    { name: 'extremes', testMatch: /extremes\.spec\.ts/, use: { backendName: 'webgpu' } },
    // Every lesson driven as a user would, on a GPU backend and on WASM.
    { name: 'lessons-webgpu', testMatch: /lessons\/.*\.spec\.ts/, use: { backendName: 'webgpu' } },
    { name: 'lessons-wasm', testMatch: /lessons\/.*\.spec\.ts/, use: { backendName: 'wasm' } },
    // The float32 device probes also on WebGL, whose sin/cos and float textures differ;
    // the overview's boxes against the export and live training on WebGL too.
    { name: 'lessons-webgl', testMatch: /lessons\/(position|norms|overview|train)\.spec\.ts/, use: { backendName: 'webgl' } },
    // Training on the plain-JavaScript backend too: every backend trains the same model.
    { name: 'lessons-cpu', testMatch: /lessons\/train\.spec\.ts/, use: { backendName: 'cpu' } },
    // A GPU device lost during use (forced) is replaced, on both GPU backends.
    { name: 'lost-webgpu', testMatch: /lostDevice\.spec\.ts/, use: { backendName: 'webgpu' } },
    { name: 'lost-webgl', testMatch: /lostDevice\.spec\.ts/, use: { backendName: 'webgl' } },
    // Backends that fail to start (faults injected into the worker) and a worker that cannot load.
    { name: 'faults', testMatch: /backendFaults\.spec\.ts/ },
    // 1,000 seeded random user interactions across the lessons (MONKEY_SEED, MONKEY_STEPS).
    { name: 'monkey', testMatch: /monkey\.spec\.ts/ },
    {
      // As on a machine without a usable GPU for WebGPU: the adapter request returns null.
      name: 'no-webgpu',
      testMatch: /fallback\.spec\.ts/,
      use: {
        launchOptions: { ...launchOptions, args: CHROMIUM_ARGS.filter((arg: string) => arg !== '--enable-unsafe-webgpu') },
      },
    },
  ],
  webServer: {
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
