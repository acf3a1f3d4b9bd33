// Choosing and starting a TF.js backend, and saying in words what happened.
// Before anything is measured, `auto` walks WASM → WebGPU → WebGL → CPU and keeps the
// first that starts (the page then measures them all: state/autoBackend.ts); a backend
// the user names is tried first and, if it fails, WebGPU → WebGL → WASM → CPU continues after it.
// Backends other than CPU are imported on demand (their code is large).

import { tf } from './tf';

import { BACKEND_ORDER, FIRST_PAINT_ORDER, type BackendName, type BackendPreference, type BackendStatus, type BackendFailure } from './backendNames';

export * from './backendNames';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Make the backend known to TF.js; returns a reason when it cannot exist here. */
async function register(name: BackendName): Promise<string | null> {
  if (tf.findBackendFactory(name)) return null;
  switch (name) {
    case 'webgpu': {
      if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
        return 'this browser has no WebGPU (navigator.gpu is missing)';
      }
      await import('@tensorflow/tfjs-backend-webgpu');
      break;
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      break;
    case 'wasm': {
      if (typeof WebAssembly === 'undefined') return 'WebAssembly is not available';
      const { registerWasm } = await import('./wasmBackend');
      await registerWasm();
      break;
    }
    case 'cpu':
      break;
  }
  return tf.findBackendFactory(name) ? null : `TF.js did not register the ${name} backend`;
}

/** Why WebGPU cannot start, found before TF.js tries (TF.js only logs a warning). */
async function webgpuAdapterProblem(): Promise<string | null> {
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter ? null : 'no WebGPU adapter: requestAdapter() returned null (no usable GPU, or WebGPU disabled)';
  } catch (error) {
    return `requestAdapter() failed: ${errorText(error)}`;
  }
}

/**
 * Why a backend's initialisation failed. TF.js only logs the error and answers false, so
 * build the backend once more to catch it (this path runs only after a failure).
 */
async function initialisationError(name: BackendName): Promise<string> {
  try {
    const backend = await tf.findBackendFactory(name)?.();
    backend?.dispose();
    return 'no reason given';
  } catch (error) {
    return errorText(error);
  }
}

/** Start one backend; null on success, else the reason it failed. */
export async function startBackend(name: BackendName): Promise<string | null> {
  try {
    const missing = await register(name);
    if (missing) return missing;
    if (name === 'webgpu') {
      const problem = await webgpuAdapterProblem();
      if (problem) return problem;
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `TF.js could not initialise ${name}: ${await initialisationError(name)}`;
    await tf.ready();
    return tf.getBackend() === name ? null : `TF.js switched to ${tf.getBackend()} instead`;
  } catch (error) {
    return errorText(error);
  }
}

/**
 * Start the preferred backend, falling back along the chain; CPU always works. `auto`
 * (before any measurement) starts with the backend that paints first.
 */
export async function selectBackend(preference: BackendPreference): Promise<BackendStatus> {
  const order =
    preference === 'auto' ? [...FIRST_PAINT_ORDER] : BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(preference));
  return startFirst(order, []);
}

/** The backends after `name` in the fallback chain, for a backend that cannot go on. */
export function selectFallback(name: BackendName, failures: BackendFailure[]): Promise<BackendStatus> {
  return startFirst(BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(name) + 1), failures);
}

async function startFirst(order: readonly BackendName[], failures: BackendFailure[]): Promise<BackendStatus> {
  for (const name of order) {
    const reason = await startBackend(name);
    if (reason === null) return { name, ...(await describeBackend(name)), failures };
    failures.push({ backend: name, reason });
  }
  throw new Error(`no backend could start: ${failures.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`);
}

/** Adapter and precision of the running backend. */
export async function describeBackend(name: BackendName): Promise<Pick<BackendStatus, 'adapter' | 'precision'>> {
  switch (name) {
    case 'webgpu':
      return { adapter: await webgpuAdapterName(), precision: 'float32' };
    case 'webgl': {
      const precision = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 'float32' : 'float16';
      return { adapter: webglRendererName(), precision };
    }
    case 'wasm': {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return {
        adapter: `WebAssembly${simd ? ' + SIMD' : ''}${threads ? ', multithreaded' : ', single thread'}`,
        precision: 'float32',
      };
    }
    case 'cpu':
      return { adapter: 'plain JavaScript', precision: 'float32' };
  }
}

async function webgpuAdapterName(): Promise<string> {
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    const info = adapter?.info;
    if (!info) return 'unknown adapter';
    const parts = [info.vendor, info.architecture, info.device, info.description].filter((part) => part);
    return parts.length > 0 ? [...new Set(parts)].join(' · ') : 'adapter without a name';
  } catch {
    return 'unknown adapter';
  }
}

function webglRendererName(): string {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return 'unknown renderer';
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    const version = gl.getParameter(gl.VERSION);
    return `${String(renderer)} (${String(version)})`;
  } catch {
    return 'unknown renderer';
  }
}
