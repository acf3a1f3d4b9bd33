// Backend names and status, without TF.js: the UI imports these before the model loads.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

/** The fallback chain when a backend fails: GPU first, CPU always last. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/**
 * Where `auto` starts before anything is measured: WASM compiles no shaders, so the first
 * heatmap comes fastest; then every backend is measured and the fastest takes over.
 */
export const FIRST_PAINT_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKEND_ORDER];

export interface BackendFailure {
  backend: BackendName;
  reason: string;
}

export interface BackendStatus {
  name: BackendName;
  /** The hardware or runtime behind it, as far as the browser tells. */
  adapter: string;
  /** Float width of stored values: WebGL may only have 16-bit float textures. */
  precision: 'float32' | 'float16';
  /** Backends tried before this one, with why each failed. */
  failures: BackendFailure[];
}
