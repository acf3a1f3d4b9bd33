import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { serviceWorkerPlugin } from './scripts/vite-plugin-service-worker.ts';
import { pagePolicyOf } from './scripts/pageServing.mjs';

/**
 * index.html's Content-Security-Policy, also sent as a header by the preview server: a
 * worker takes its policy from its script's response, never from the page's <meta>, so
 * only the header covers the model worker. Static hosts should send it the same way.
 */
function pagePolicy(): string {
  return pagePolicyOf(readFileSync(new URL('./index.html', import.meta.url), 'utf8'), 'index.html');
}

export default defineConfig({
  // Relative asset paths: the built folder works from any base path (a course subfolder).
  base: './',
  // Files copied into the build as they are: the icons, the manifest, the shipped checkpoint.
  publicDir: 'static',
  // serviceWorkerPlugin: sw.js, precaching the whole built folder for offline use.
  plugins: [svelte(), serviceWorkerPlugin()],
  build: {
    target: 'es2022',
    // The TF.js backends are large by nature; they are split and loaded on demand.
    chunkSizeWarningLimit: 1500,
  },
  // The model worker imports its backends on demand, so it must be an ES module worker.
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173, headers: { 'Content-Security-Policy': pagePolicy() } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
