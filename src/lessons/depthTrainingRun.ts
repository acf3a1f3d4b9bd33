// The depth lesson's training run as the page drives it: started only by the Train button,
// then one worker call per chunk (a few steps, or one stack's Float64 check), each sent only
// after the previous one answered. The worker answers calls in order, so a probe asked for
// meanwhile runs between two chunks instead of waiting for the whole run. cancel() (a
// settings change, Reset, leaving the lesson) stops it: no further chunk is asked for.
import type { DepthTrainingChunk, DepthTrainingChunkInput, DepthTrainingInput } from '../model/depthTraining';
import type { DepthTrainFirstStep } from '../reference/depthTrainingReference';

export interface DepthTrainingProgress {
  /** The settings the run was started for (the page compares it with the current ones). */
  key: string;
  steps: number;
  /** SGD steps taken so far. */
  step: number;
  /** Loss k: before step k + 1; the last (k = steps) after the last step. Null: not finite. */
  residual: (number | null)[];
  plain: (number | null)[];
  reference: { residual?: DepthTrainFirstStep; plain?: DepthTrainFirstStep };
  backend: string | null;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  failure: string | null;
}

/** Chunk limits: at most this many steps per call, and no new step after this much time in one call. */
export const DEPTH_TRAIN_CHUNK_STEPS = 10;
export const DEPTH_TRAIN_CHUNK_BUDGET_MS = 250;

// Run ids are unique across the page's lifetime (the worker keeps the last run between lessons).
let nextRunId = 1;

export class DepthTrainingRun {
  private current: { id: number; progress: DepthTrainingProgress } | null = null;

  constructor(
    private readonly chunk: (input: DepthTrainingChunkInput) => Promise<DepthTrainingChunk>,
    /** Frees the worker's stacks of a cancelled run. */
    private readonly release: () => void,
    private readonly onProgress: (progress: DepthTrainingProgress) => void,
  ) {}

  get running(): boolean {
    return this.current?.progress.state === 'running';
  }

  /** Start a new run (cancelling one in progress). */
  start(setup: DepthTrainingInput, key: string): void {
    this.cancel();
    const id = nextRunId++;
    const progress: DepthTrainingProgress = {
      key, steps: setup.steps, step: 0, residual: [], plain: [], reference: {}, backend: null, state: 'running', failure: null,
    };
    this.current = { id, progress };
    this.onProgress(progress);
    void this.drive(id, setup);
  }

  /** Stop the run in progress, if any (its curves so far stay, marked cancelled). */
  cancel(): void {
    const current = this.current;
    if (!current || current.progress.state !== 'running') return;
    this.current = { id: current.id, progress: { ...current.progress, state: 'cancelled' } };
    this.onProgress(this.current.progress);
    this.release();
  }

  /** Whether run `id` is still the one to drive (not cancelled, not replaced by a newer run). */
  private driving(id: number): boolean {
    return this.current?.id === id && this.current.progress.state === 'running';
  }

  private async drive(id: number, setup: DepthTrainingInput): Promise<void> {
    // Checked before every call, not only after one: a run cancelled between two chunks has
    // already told the worker to free its stacks, and one more chunk would start it again
    // there, where nothing would ever free it.
    while (this.driving(id)) {
      let answer: DepthTrainingChunk;
      try {
        answer = await this.chunk({ run: id, setup, maxSteps: DEPTH_TRAIN_CHUNK_STEPS, budgetMs: DEPTH_TRAIN_CHUNK_BUDGET_MS });
      } catch (error) {
        if (!this.driving(id)) return;
        this.update({ ...this.current!.progress, state: 'failed', failure: error instanceof Error ? error.message : String(error) });
        // The worker may hold a run half made when the call failed: nothing else would free it.
        this.release();
        return;
      }
      // Cancelled (or replaced) while the chunk ran: its answer is dropped.
      if (!this.driving(id)) return;
      this.update(merge(this.current!.progress, answer));
      if (answer.done) return;
      // A turn for the page (it paints the new points; with the model on the main thread, it answers input).
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  private update(progress: DepthTrainingProgress): void {
    this.current = { id: this.current!.id, progress };
    this.onProgress(progress);
  }
}

/** The progress after one more chunk. A fresh chunk (the worker started the run again, e.g. on a new device) replaces what came before. */
export function merge(before: DepthTrainingProgress, answer: DepthTrainingChunk): DepthTrainingProgress {
  const base = answer.fresh ? { ...before, residual: [], plain: [], reference: {} } : before;
  return {
    ...base,
    step: answer.step,
    residual: [...base.residual.slice(0, answer.from), ...answer.residual],
    plain: [...base.plain.slice(0, answer.from), ...answer.plain],
    reference: { ...base.reference, ...answer.reference },
    backend: answer.backend,
    state: answer.done ? 'done' : 'running',
  };
}
