// window.qkvLab: a small read-only window into the app for tests, benchmarks and
// curious students in the devtools console.
import type { Lane, Playground } from './playground.svelte';
import type { QuickLaneState } from './quickLane';
import type { ExportDocument } from './exportTrace';
import type { AppSettings } from './settings';
import type { AutoDecision } from './autoBackend';
import type { BackendName, BackendStatus } from '../model/backendNames';
import type { ForwardRequest } from '../model/trace';
import type { DeviceLossNotice, Measurement, MemoryInfo } from '../model/session';
import { createWeights } from '../model/weights';

export interface QkvLabDebugApi {
  /** True when the screen shows exactly the current settings' result. */
  settled(): boolean;
  settings(): AppSettings;
  backend(): BackendStatus | null;
  /** `auto`'s measured decision for the size on screen, if any. */
  autoDecision(): AutoDecision | null;
  /** Where the model runs: in a worker, or on the main thread where no worker could start. */
  modelThread(): 'worker' | 'main';
  /**
   * The quick lane (small passes on the page's thread): its state, why it is off if it is,
   * passes run, and the time it expects for the size on screen (null before it timed one).
   */
  quickLane(): { state: QuickLaneState; disabledReason: string | null; runs: number; predictedMs: number | null };
  /** Test hook: the most a pass may be expected to take for the quick lane to take it, ms. */
  setQuickLaneBudget(ms: number): void;
  /** Where the result on screen was computed, or null before the first. */
  shownLane(): Lane | null;
  /** The document "Export numbers" would download. */
  exportDocument(): ExportDocument | null;
  /** Live TF.js tensors and bytes in the model's thread, plus the quick lane's. */
  memory(): Promise<MemoryInfo>;
  computeError(): string | null;
  /** Forward passes run for the screen so far. */
  forwardCount(): number;
  /** Milliseconds of the forward pass on screen (compute + readback), or null. */
  elapsedMs(): number | null;
  /** Values of the shown trace that overflowed to ±∞ or NaN (null before the first result). */
  nonFiniteCount(): number | null;
  /** Input-to-paint times recorded so far, ms. */
  latencySamples(): number[];
  /** Cold run then `runs` warm runs of any request on any backend. */
  measure(backend: BackendName, request: ForwardRequest, runs: number): Promise<Measurement>;
  /** Lose the model's GPU device on purpose (WEBGL_lose_context / device.destroy()); false on CPU and WASM. */
  loseDevice(): Promise<boolean>;
  /** The last lost-device recovery, until dismissed. */
  deviceNotice(): DeviceLossNotice | null;
  /** The same for the plain-TypeScript Float64 reference, on the main thread (loaded on first use). */
  measureReference(request: ForwardRequest, runs: number): Promise<{ firstMs: number; times: number[] }>;
}

declare global {
  interface Window {
    qkvLab: QkvLabDebugApi;
  }
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

export function exposeDebugApi(playground: Playground): void {
  window.qkvLab = {
    settled: () => playground.settled,
    settings: () => $state.snapshot(playground.settings) as AppSettings,
    backend: () => playground.backendStatus,
    autoDecision: () => playground.autoDecision,
    modelThread: () => playground.modelThread,
    quickLane: () => ({ state: playground.quickLane.state, disabledReason: playground.quickLane.disabledReason, runs: playground.quickLane.runs, predictedMs: finiteOrNull(playground.quickLane.predictMs(playground.modelConfig)) }),
    setQuickLaneBudget: (ms) => void (playground.quickLane.budgetMs = ms),
    shownLane: () => playground.shown?.lane ?? null,
    exportDocument: () => playground.exportDocument(),
    memory: () => playground.memory(),
    computeError: () => playground.computeError,
    forwardCount: () => playground.forwardCount,
    elapsedMs: () => playground.shown?.result.elapsedMs ?? null,
    nonFiniteCount: () => playground.shown?.result.nonFiniteCount ?? null,
    latencySamples: () => [...playground.latencySamples],
    measure: (backend, request, runs) => playground.measure(backend, request, runs),
    loseDevice: () => playground.loseDevice(),
    deviceNotice: () => playground.deviceNotice,
    measureReference: async (request, runs) => {
      const { referenceForward } = await import('../reference/referenceTransformer');
      const { seed, dModel, numLayers } = request.config;
      const weights = request.weights ?? createWeights(seed, dModel, numLayers);
      const times: number[] = [];
      for (let run = 0; run <= runs; run++) {
        const started = performance.now();
        referenceForward(request, weights);
        times.push(performance.now() - started);
      }
      return { firstMs: times[0], times: times.slice(1) };
    },
  };
}
