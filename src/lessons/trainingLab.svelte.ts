// The training lesson's runs as the page sees them: run A (the lesson's model) and, for an
// ablation, run B (one switch flipped), trained by the model worker a chunk of steps at a
// time. Only one call is in flight at any time; the runs take turns, so both curves advance
// together. Train / Pause / Reset, the seed, the ablation and the probe sequence steer it.
import type { ModelClient } from '../state/modelClient';
import type { BackendPreference } from '../model/backendNames';
import type { Inspection, TrainerWeights } from '../training/trainer';
import type { TrainerVariant } from '../training/variant';
import { DEFAULT_VARIANT } from '../training/variant';
import type { TrainCallResult } from '../training/trainingCall';
import { ablationVariant, HELD_OUT, MAX_STEPS, runConfig, stepsPerChunk, type Ablation } from './trainingReadouts';

export interface HeldOutPoint {
  step: number;
  loss: number;
  token: number;
  sequence: number;
}

/** One run's history and latest state, as drawn. */
export class RunView {
  losses = $state.raw<number[]>([]);
  heldOut = $state.raw<HeldOutPoint[]>([]);
  probe = $state.raw<Inspection | null>(null);
  /** The weights `probe` was computed with (the page checks it against Float64). */
  weights = $state.raw<TrainerWeights | null>(null);
  /** The probe sequence `probe` is for. */
  probeDigits = $state.raw<number[]>([]);
  step = $state(0);
  msPerStep = $state<number | null>(null);
  backend = $state('');
  /** Start the worker's trainer again on the next call (from `startWeights` if set). */
  needsReset = true;
  startWeights: TrainerWeights | undefined;
  /** Steps the loaded checkpoint had taken before this page (0 for a seeded run). */
  stepOffset = $state(0);

  constructor(
    readonly id: 'A' | 'B',
    readonly seed: number,
    readonly variant: TrainerVariant,
  ) {}

  get config() {
    return runConfig(this.seed, this.variant);
  }

  /** Steps shown: the checkpoint's, then this page's. */
  get shownStep(): number {
    return this.stepOffset + this.step;
  }
}

export type TrainingStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed';

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class TrainingLab {
  runs = $state.raw<RunView[]>([]);
  status = $state<TrainingStatus>('idle');
  failure = $state<string | null>(null);
  /** Said when the worker had to start a run again (a backend switch or a lost device). */
  restartedOn = $state<string | null>(null);
  /** True while a call is in flight (the step-0 look included). */
  busy = $state(false);

  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private probe: number[] = [];
  private setupKey = '';
  private destroyed = false;

  constructor(
    private readonly client: () => ModelClient,
    private readonly backend: () => BackendPreference,
  ) {}

  /** Runs for this seed and ablation; starting again only when they change. */
  setup(seed: number, ablation: Ablation, probe: number[]): void {
    this.probe = probe;
    const key = `${seed}/${ablation}`;
    if (key === this.setupKey) return;
    this.setupKey = key;
    const runs = [new RunView('A', seed, DEFAULT_VARIANT)];
    if (ablation !== 'none') runs.push(new RunView('B', seed, ablationVariant(ablation)));
    this.replaceRuns(runs);
  }

  /** Load trained weights into run A (run B, if any, starts again from its seed). */
  loadCheckpoint(weights: TrainerWeights, steps: number): void {
    const runs = this.runs.map((run) => new RunView(run.id, run.seed, run.variant));
    runs[0].startWeights = weights;
    runs[0].stepOffset = steps;
    this.replaceRuns(runs);
  }

  start(): void {
    if (this.status === 'running' || this.destroyed) return;
    if (this.runs.every((run) => run.shownStep >= MAX_STEPS)) return;
    this.status = 'running';
    this.failure = null;
    void this.loop(this.generation);
  }

  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  reset(): void {
    this.replaceRuns(this.runs.map((run) => new RunView(run.id, run.seed, run.variant)));
  }

  /** A new probe sequence: looked at now when paused, with the next chunk when running. */
  setProbe(probe: number[]): void {
    this.probe = probe;
    if (this.status !== 'running') this.look();
  }

  /** The backend changed: the worker starts the runs again there; look at step 0. */
  backendChanged(): void {
    if (this.status !== 'running') this.look();
  }

  destroy(): void {
    this.destroyed = true;
    this.generation++;
    this.status = 'paused';
    this.disposeInWorker(this.runs.map((run) => run.id));
  }

  /** Free these runs' trainers, after the call in flight (it may be creating one of them). */
  private disposeInWorker(runs: string[]): void {
    void this.queue.then(() => this.client().trainDispose({ runs }).catch(() => {}));
  }

  private replaceRuns(runs: RunView[]): void {
    // A run no longer shown (the ablation went back to none) must not keep its trainer in the worker.
    const dropped = this.runs.map((run) => run.id).filter((id) => !runs.some((run) => run.id === id));
    if (dropped.length) this.disposeInWorker(dropped);
    this.generation++;
    if (this.status === 'running' || this.status === 'done' || this.status === 'failed') this.status = 'idle';
    this.failure = null;
    this.restartedOn = null;
    this.runs = runs;
    this.look();
  }

  /** Evaluate and inspect every run without training (step 0, or where it stopped). */
  private look(): void {
    const generation = this.generation;
    for (const run of this.runs) void this.enqueue(() => this.chunk(run, 0, generation));
  }

  private async loop(generation: number): Promise<void> {
    while (this.status === 'running' && generation === this.generation && !this.destroyed) {
      // One chunk size for every run (the slowest run's), so an ablation's runs stay level.
      const slowest = this.runs.reduce<number | null>((most, run) => (run.msPerStep === null ? most : Math.max(most ?? 0, run.msPerStep)), null);
      for (const run of this.runs) {
        if (this.status !== 'running' || generation !== this.generation) return;
        if (run.shownStep >= MAX_STEPS) continue;
        const steps = Math.min(stepsPerChunk(slowest), MAX_STEPS - run.shownStep);
        await this.enqueue(() => this.chunk(run, steps, generation));
      }
      if (generation !== this.generation) return;
      if (this.runs.every((run) => run.shownStep >= MAX_STEPS) && this.status === 'running') this.status = 'done';
      // The worker keeps the page free; on the main-thread fallback this lets it paint.
      await yieldToBrowser();
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async chunk(run: RunView, steps: number, generation: number): Promise<void> {
    if (generation !== this.generation || this.destroyed) return;
    const reset = run.needsReset;
    const probe = [...this.probe];
    this.busy = true;
    try {
      const answer = await this.client().train(this.backend(), {
        run: run.id,
        config: run.config,
        reset,
        weights: reset ? run.startWeights : undefined,
        steps,
        heldOut: HELD_OUT,
        probe,
      });
      if (generation !== this.generation || this.destroyed) return;
      run.needsReset = false;
      this.take(run, answer.result, answer.backend.name, reset, probe);
    } catch (error) {
      if (generation !== this.generation || this.destroyed) return;
      this.failure = error instanceof Error ? error.message : String(error);
      this.status = 'failed';
      // The worker's trainer may be gone with the error: the next call starts the run again.
      for (const each of this.runs) each.needsReset = true;
    } finally {
      this.busy = false;
    }
  }

  private take(run: RunView, result: TrainCallResult, backend: string, asked: boolean, probe: number[]): void {
    if (result.fresh && !asked) {
      // The worker lost this run (another backend, a lost device): it starts again from its seed.
      this.restartedOn = backend;
      run.stepOffset = 0;
      run.startWeights = undefined;
    }
    // A fresh trainer (asked for or not): its curves start again.
    if (result.fresh) {
      run.losses = [];
      run.heldOut = [];
    }
    run.losses = result.losses.length ? [...run.losses, ...result.losses] : run.losses;
    const point = { step: run.stepOffset + result.step, ...result.heldOut };
    const last = run.heldOut[run.heldOut.length - 1];
    run.heldOut = last && last.step === point.step ? [...run.heldOut.slice(0, -1), point] : [...run.heldOut, point];
    run.step = result.step;
    if (result.msPerStep !== null) run.msPerStep = run.msPerStep === null ? result.msPerStep : 0.7 * run.msPerStep + 0.3 * result.msPerStep;
    run.probe = result.probe;
    run.probeDigits = probe;
    run.weights = result.weights;
    run.backend = backend;
  }
}
