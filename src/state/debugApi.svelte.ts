// window.qkvLab: a small read-only window into the app for tests, benchmarks and
// curious students in the devtools console.
import type { Playground } from './playground.svelte';
import type { ExportDocument } from './exportTrace';
import type { AppSettings } from './settings';
import type { BackendStatus } from '../model/backendNames';

export interface QkvLabDebugApi {
  /** True when the screen shows exactly the current settings' result. */
  settled(): boolean;
  settings(): AppSettings;
  backend(): BackendStatus | null;
  /** The document "Export numbers" would download. */
  exportDocument(): ExportDocument | null;
  /** Live TF.js tensors (weights included), or null before the model loads. */
  tensorCount(): number | null;
  computeError(): string | null;
  /** Forward passes run for the screen so far. */
  forwardCount(): number;
  /** Milliseconds of the forward pass on screen (compute + readback), or null. */
  elapsedMs(): number | null;
  /** Milliseconds of each of `runs` forward passes (with readback) of the settled view. */
  timeForwardPasses(runs: number): Promise<number[]>;
}

declare global {
  interface Window {
    qkvLab: QkvLabDebugApi;
  }
}

export function exposeDebugApi(playground: Playground): void {
  window.qkvLab = {
    settled: () => playground.settled,
    settings: () => $state.snapshot(playground.settings) as AppSettings,
    backend: () => playground.backendStatus,
    exportDocument: () => playground.exportDocument(),
    tensorCount: () => playground.tensorCount(),
    computeError: () => playground.computeError,
    forwardCount: () => playground.forwardCount,
    elapsedMs: () => playground.shown?.result.elapsedMs ?? null,
    timeForwardPasses: (runs) => playground.timeForwardPasses(runs),
  };
}
