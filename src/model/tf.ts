// The one place the app imports TensorFlow.js: the core with its functional ops and
// gradients (no chained ops), plus the CPU backend, which is small and always works.
// The GPU and WASM backends are loaded on demand by backends.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';

export { tf };

// Production mode: no per-op debug checks (they read every tensor back) and no
// "install tfjs-node" notice in tests.
tf.enableProdMode();
