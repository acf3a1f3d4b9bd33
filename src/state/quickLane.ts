// The quick lane: small forward passes on the page's own thread.
//
// A slider's input is dispatched at the start of a frame, just before that frame is drawn.
// A result from the model worker cannot arrive before the frame is painted, so it shows one
// frame later: input → paint is then at least one frame (16.7 ms) plus the drawing. A pass
// that takes a few ms (the playground's default model on WASM or CPU) can instead run right
// in the input's task and paint in the same frame.
//
// The lane runs the same model code on the same backend as the worker, and shows nothing it
// has not proved: before it is used, it computes a result the worker computed and must
// match it bit for bit; after every burst of use, the page has the worker compute the last
// result again and compares (see Playground). A mismatch turns the lane off for the session.
// Between bursts it frees its weight tensors, so what a settled page holds is the worker's.

import type { BackendName } from '../model/backendNames';
import type { ModelConfig } from '../model/config';
import type { MemoryInfo, ModelJob, ModelJobResult, ModelSession } from '../model/session';
import type { ForwardResult } from '../model/transformer';
import { nextTask } from './nextTask';

/**
 * The most a pass may be expected to take, ms. The frame is 16.7 ms, and the page still has
 * to draw the result and the browser to paint it: a pass predicted to take longer runs in
 * the worker, where it cannot hold up the slider.
 */
export const QUICK_LANE_BUDGET_MS = 5;
/** Backends whose results come back synchronously: a GPU readback always waits for the GPU. */
const LANE_BACKENDS: ReadonlySet<BackendName> = new Set(['wasm', 'cpu']);
/**
 * The largest pass the lane warms up on: four times the playground's default model (n = 8,
 * d_model = 64, 2 layers). Warming up runs it on the page's thread 1 + WARM_UP_TIMED_PASSES times.
 */
const WARM_UP_MAX_WORK = 4 * forwardWork({ seqLen: 8, dModel: 64, numLayers: 2 });
/**
 * Timed passes after the one compared (the latest make the lane's first estimate). They also
 * warm the JavaScript engine up: a lane's first passes vary 2–16 ms here until its code is
 * optimised, and a drag's first second would carry that.
 */
const WARM_UP_TIMED_PASSES = 30;
/**
 * The estimate of ms per unit of work is the median of this many latest timings. A median,
 * not a running average: one pass held up by a garbage collection used to lift the average
 * over the budget, and the next several passes of the drag went to the worker, each a frame
 * late. A run of slow passes (most of the latest) still sends the lane's work to the worker.
 */
const RECENT_TIMINGS = 9;

/**
 * Multiply-adds of one forward pass, roughly: per layer, the four n × d projections
 * (4·n·d²), the feed-forward block with its 4·d hidden width (8·n·d²), and the scores and
 * weighted values (2·n²·d). Only ratios matter: it scales a measured time to another size.
 */
export function forwardWork(config: Pick<ModelConfig, 'seqLen' | 'dModel' | 'numLayers'>): number {
  const { seqLen: n, dModel: d, numLayers } = config;
  return numLayers * (12 * n * d * d + 2 * n * n * d);
}

/** Whether two results hold the same numbers, bit for bit (NaN payloads included). */
export function sameNumbers(a: ForwardResult, b: ForwardResult): boolean {
  return sameStructure(a.trace, b.trace);
}

function sameStructure(a: unknown, b: unknown): boolean {
  if (a instanceof Float32Array || b instanceof Float32Array) {
    if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || a.length !== b.length) return false;
    const bitsA = new Uint32Array(a.buffer, a.byteOffset, a.length);
    const bitsB = new Uint32Array(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < bitsA.length; i++) if (bitsA[i] !== bitsB[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameStructure(item, b[index]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    return keysA.every((key) => key in b && sameStructure((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return Object.is(a, b);
}

export type QuickLaneState = 'off' | 'warming' | 'ready' | 'disabled';

/** Loads the model session for the page's thread (a test passes its own). */
export type SessionLoader = () => Promise<ModelSession>;

const loadPageSession: SessionLoader = async () => {
  const { ModelSession } = await import('../model/session');
  return new ModelSession();
};

export class QuickLane {
  state: QuickLaneState = 'off';
  /** Why the lane was turned off, for the debug API and the console. */
  disabledReason: string | null = null;
  /** Passes run here so far. */
  runs = 0;
  /** Whether the lane has uploaded weights since it last freed them (the page then has it free them once settled). */
  holdsWeights = false;
  /** The most a pass may be expected to take here, ms (tests raise it: their machines are busy). */
  budgetMs = QUICK_LANE_BUDGET_MS;
  private session: ModelSession | null = null;
  /** The backend the lane proved itself on. */
  private backend: BackendName | null = null;
  /** The latest ms per unit of forwardWork on that backend, the lane's and the worker's (see observe). */
  private recentRates: number[] = [];

  constructor(private readonly loadSession: SessionLoader = loadPageSession) {}

  /** Whether to warm the lane up on a pass of this size on this backend. */
  static worthWarming(backend: BackendName, config: ModelConfig): boolean {
    return LANE_BACKENDS.has(backend) && forwardWork(config) <= WARM_UP_MAX_WORK;
  }

  /** The time a pass of this size is expected to take here, ms (Infinity before any timing). */
  predictMs(config: ModelConfig): number {
    if (this.recentRates.length === 0) return Infinity;
    // The median of the latest rates (see RECENT_TIMINGS).
    const sorted = [...this.recentRates].sort((a, b) => a - b);
    return sorted[sorted.length >> 1] * forwardWork(config);
  }

  /** Take this job? Only on the backend the lane proved itself on, and only if it fits the budget. */
  accepts(job: ModelJob, workerBackend: BackendName | undefined): boolean {
    return (
      this.state === 'ready' &&
      job.backend === this.backend &&
      workerBackend === this.backend &&
      this.predictMs(job.request.config) <= this.budgetMs
    );
  }

  /**
   * Load the session, run a job the worker has run and compare: the lane is ready only if
   * the numbers are identical. More passes time the lane warm. Frees its tensors afterwards.
   */
  async warmUp(job: ModelJob & { backend: BackendName }, workerResult: ForwardResult): Promise<void> {
    if (this.state !== 'off') return;
    this.state = 'warming';
    try {
      this.session ??= await this.loadSession();
      this.holdsWeights = true;
      const { result, backend } = await this.session.run(job);
      if (backend.name !== job.backend) return this.disable(`${job.backend} did not start on the page's thread (it ran ${backend.name})`);
      if (!sameNumbers(result, workerResult)) return this.disable(`its ${backend.name} result differed from the worker's`);
      this.backend = backend.name;
      // Timed warm: the first passes on a thread are slower while its code compiles, and the
      // estimate keeps only the latest.
      for (let pass = 0; pass < WARM_UP_TIMED_PASSES; pass++) {
        await nextTask(); // one short task per pass, not one long one
        this.observe(backend.name, job.request.config, (await this.session.run(job)).result.elapsedMs);
      }
      this.state = 'ready';
    } catch (error) {
      this.disable(error instanceof Error ? error.message : String(error));
    } finally {
      this.release();
    }
  }

  /** Run a job the lane accepted. */
  async run(job: ModelJob): Promise<ModelJobResult> {
    if (!this.session) throw new Error('the quick lane has not been warmed up');
    this.holdsWeights = true;
    const output = await this.session.run(job);
    this.runs += 1;
    this.observe(output.backend.name, job.request.config, output.result.elapsedMs);
    return output;
  }

  /** The worker computed the lane's last result again: keep the lane only if they agree. */
  confirm(laneResult: ForwardResult, workerResult: ForwardResult): boolean {
    if (sameNumbers(laneResult, workerResult)) return true;
    this.disable(`its ${laneResult.backend} result differed from the worker's`);
    return false;
  }

  /** Free the lane's weight tensors (it uploads them again on its next pass: small at these sizes). */
  release(): void {
    this.session?.releaseWeights();
    this.holdsWeights = false;
  }

  /** Tensors the lane holds (none while the page is settled), or null before it loaded. */
  memory(): MemoryInfo | null {
    return this.session?.memory() ?? null;
  }

  disable(reason: string): void {
    this.state = 'disabled';
    this.disabledReason = reason;
    this.release();
    console.warn(`QKV Lab: the quick lane is off: ${reason}; every pass now runs in the model worker.`);
  }

  /**
   * A pass's time on some backend, from the lane or the worker (the same code on the same
   * backend): a run of slow passes here sends the next ones to the worker, and the worker's
   * faster ones bring the lane back.
   */
  observe(backend: BackendName, config: ModelConfig, elapsedMs: number): void {
    if (backend !== this.backend) return;
    this.recentRates.push(elapsedMs / forwardWork(config));
    if (this.recentRates.length > RECENT_TIMINGS) this.recentRates.shift();
  }
}
