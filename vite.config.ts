import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // Relative asset paths: the built folder works from any base path (a course subfolder).
  base: './',
  plugins: [svelte()],
  build: {
    target: 'es2022',
    // The TF.js backends are large by nature; they are split and loaded on demand.
    chunkSizeWarningLimit: 1500,
  },
  // The model worker imports its backends on demand, so it must be an ES module worker.
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
