// Builds scripts/train-checkpoint.ts into one Node script (.cache/train-checkpoint/
// train-checkpoint.js): Node cannot run the TypeScript modules it shares with the app.
// Everything is bundled (TF.js too), so Node needs nothing resolved at run time.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'scripts/train-checkpoint.ts',
    outDir: '.cache/train-checkpoint',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
  },
  ssr: { noExternal: true, target: 'node' },
});
