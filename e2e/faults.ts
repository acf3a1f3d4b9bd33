// Backend failures injected into the model worker, as a browser or machine would cause
// them: the worker's script is served with a few lines in front that break one API.
// Nothing in the app knows about this; it must cope as it would in the field.
import type { Page } from '@playwright/test';

export type Fault =
  /** WebGPU's adapter request throws (not just returns null). */
  | 'webgpu-adapter-throws'
  /** An adapter exists but its device request fails. */
  | 'webgpu-device-fails'
  /** Every WebGL context request returns null, as with WebGL disabled or blocklisted. */
  | 'webgl-context-fails'
  /** WebAssembly compilation is refused, as under a policy without 'wasm-unsafe-eval'. */
  | 'wasm-blocked';

const SNIPPETS: Record<Fault, string> = {
  'webgpu-adapter-throws': `
    if (self.navigator.gpu) self.navigator.gpu.requestAdapter = () => Promise.reject(new Error('injected fault: the GPU process crashed'));`,
  'webgpu-device-fails': `
    if (self.GPUAdapter) GPUAdapter.prototype.requestDevice = () => Promise.reject(new Error('injected fault: requestDevice() failed'));`,
  'webgl-context-fails': `
    { const getContext = OffscreenCanvas.prototype.getContext;
      OffscreenCanvas.prototype.getContext = function (type, ...rest) {
        return String(type).startsWith('webgl') ? null : getContext.call(this, type, ...rest);
      }; }`,
  'wasm-blocked': `
    { const refuse = () => Promise.reject(new WebAssembly.CompileError("injected fault: Refused to compile or instantiate WebAssembly module because 'wasm-unsafe-eval' is not allowed"));
      WebAssembly.instantiate = refuse; WebAssembly.instantiateStreaming = refuse; WebAssembly.compile = refuse; WebAssembly.compileStreaming = refuse; }`,
};

/** Serve the model worker with these faults in force from its first line. */
export async function injectWorkerFaults(page: Page, faults: Fault[]): Promise<void> {
  await page.route(/\/assets\/modelWorker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const prelude = `/* injected by e2e/faults.ts */${faults.map((fault) => SNIPPETS[fault]).join('\n')}\n`;
    await route.fulfill({ response, body: prelude + (await response.text()) });
  });
}

/** Make the model worker's script fail to load, as when a proxy or policy blocks it. */
export async function blockWorker(page: Page): Promise<void> {
  await page.route(/\/assets\/modelWorker-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'blocked' }));
}
