// The model's message-shaped entry point: jobs in, plain results out. It runs inside a
// Web Worker (modelWorker.ts); tests and browsers without workers use it directly.

import { tf } from './tf';
import { describeBackend, selectBackend, selectFallback, startBackend } from './backends';
import { freeWaiting } from './heldTensors';
import { forceDeviceLoss, LossHistory, replaceBackend, watchActiveDevice, type DeviceWatch } from './deviceLoss';
import type { BackendFailure, BackendName, BackendPreference, BackendStatus } from './backendNames';
import { TransformerModel, type ForwardResult } from './transformer';
import type { ForwardRequest } from './trace';
import { runDepthProbe, type DepthProbeInput, type DepthProbeResult } from './depthProbe';
import { DepthTrainingRuns, type DepthTrainingChunk, type DepthTrainingChunkInput } from './depthTraining';
import { runScalingProbe, type ScalingProbeInput, type ScalingProbeResult } from './scalingProbe';
import { runNormsProbe, type NormsProbeInput, type NormsProbeResult } from './normsProbe';
import { runAttentionTiming, type AttentionTimingInput, type AttentionTimingResult } from './attentionTiming';
import { runPositionProbe, type PositionProbeInput, type PositionProbeResult } from './positionProbe';
import { runLongRangeProbe, type LongRangeProbeInput, type LongRangeProbeResult } from './longRangeProbe';
import { TrainingRuns } from '../training/trainingRuns';
import type { TrainCallInput, TrainCallResult, TrainDisposeInput } from '../training/trainingCall';

/** How long a failed call waits for the device-lost notice that may explain it. */
const LOSS_NOTICE_GRACE_MS = 100;

export interface ModelJob {
  backend: BackendPreference;
  request: ForwardRequest;
}

export interface ModelJobResult {
  result: ForwardResult;
  backend: BackendStatus;
}

/** Timing of one backend on one request: a first (cold) run, then warm runs. */
export interface Measurement {
  backend: BackendName;
  /** Why the backend could not run here; no times then. */
  failure?: string;
  firstMs?: number;
  times?: number[];
}

/** A lesson probe's result with the backend it ran on. */
export interface ProbeJobResult<Result> {
  result: Result;
  backend: BackendStatus;
}
export type ScalingProbeJobResult = ProbeJobResult<ScalingProbeResult>;
export type NormsProbeJobResult = ProbeJobResult<NormsProbeResult>;
export type DepthProbeJobResult = ProbeJobResult<DepthProbeResult>;
export type DepthTrainingJobResult = ProbeJobResult<DepthTrainingChunk>;
export type AttentionTimingJobResult = ProbeJobResult<AttentionTimingResult>;
export type PositionProbeJobResult = ProbeJobResult<PositionProbeResult>;
export type LongRangeProbeJobResult = ProbeJobResult<LongRangeProbeResult>;
export type TrainJobResult = ProbeJobResult<TrainCallResult>;

/** What the session did after a GPU device was lost, for the page's notice. */
export interface DeviceLossNotice {
  lost: BackendName;
  reason: string;
  /** `restarted`: the same backend runs again; `fellBack`: the next one in the chain took over. */
  outcome: 'restarted' | 'fellBack';
  backend: BackendStatus;
}

export interface SessionEvents {
  onBackendStarting?: (preference: BackendPreference) => void;
  /** The start announced by onBackendStarting is over (whichever backend it ended on). */
  onBackendStarted?: () => void;
  /** A device was lost: call recover() as soon as no other call runs. */
  onDeviceLost?: () => void;
  /** A lost device was replaced; the page should compute what it shows again. */
  onRecovered?: (notice: DeviceLossNotice) => void;
}

export interface MemoryInfo {
  backend: string;
  numTensors: number;
  numBytes: number;
  /** Bytes in GPU textures (WebGL only), else null. */
  numBytesInGPU: number | null;
}

export class ModelSession {
  private readonly model = new TransformerModel();
  private readonly training = new TrainingRuns();
  private readonly depthRuns = new DepthTrainingRuns();
  private backendStatus: BackendStatus | null = null;
  private backendPreference: BackendPreference | null = null;
  /** Watches on the GPU backends started so far, by name. */
  private readonly watches = new Map<BackendName, DeviceWatch>();
  private readonly losses = new LossHistory();

  constructor(private readonly events: SessionEvents = {}) {}

  async run(job: ModelJob): Promise<ModelJobResult> {
    return this.onBackend(job.backend, () => this.model.forward(job.request));
  }

  /**
   * Start the backend `run` would use for this preference, computing nothing: the page
   * names its backend even while its input is empty.
   */
  start(preference: BackendPreference): Promise<BackendStatus> {
    return this.ensureBackend(preference);
  }

  /** Test hook: lose the active GPU device on purpose; false on CPU and WASM. */
  loseDevice(): boolean {
    return forceDeviceLoss();
  }

  /**
   * Replace every lost device's backend. The active one is restarted (or, when it cannot
   * start or was lost too often, the next backend in the chain takes over), then the page
   * is told. Does nothing when no device is lost.
   */
  async recover(): Promise<void> {
    for (const [name, watch] of this.watches) {
      const reason = watch.lostReason();
      if (reason === null) continue;
      this.watches.delete(name);
      try {
        this.model.disposeBackend(name);
      } catch {
        // Tensors on a dead device may fail to free; the backend goes away with them.
      }
      // Work that was waiting on the dead device may never resume to free its tensors.
      freeWaiting(name);
      replaceBackend(name);
      if (this.backendStatus?.name !== name) continue; // measured only: the next start makes a new one
      this.events.onRecovered?.(await this.restart(name, reason));
    }
  }

  private async restart(lost: BackendName, reason: string): Promise<DeviceLossNotice> {
    const failures: BackendFailure[] = [];
    if (this.losses.record(lost, Date.now())) {
      failures.push({ backend: lost, reason: `device lost ${this.losses.limit} times within a minute (${reason})` });
    } else {
      const failure = await startBackend(lost);
      if (failure === null) {
        this.backendStatus = { name: lost, ...(await describeBackend(lost)), failures: [] };
        this.watchActive();
        return { lost, reason, outcome: 'restarted', backend: this.backendStatus };
      }
      failures.push({ backend: lost, reason: `could not restart after a device loss: ${failure}` });
    }
    // The preference stays: later calls keep the fallback instead of trying the lost backend again.
    this.backendStatus = await selectFallback(lost, failures);
    this.watchActive();
    return { lost, reason, outcome: 'fellBack', backend: this.backendStatus };
  }

  /** Watch the active backend's device if it is a GPU one not watched yet. */
  private watchActive(): void {
    const name = tf.getBackend() as BackendName;
    if (this.watches.get(name)?.instance === tf.backend()) return;
    const watch = watchActiveDevice();
    if (!watch) return;
    this.watches.set(name, watch);
    void watch.lost.then(() => {
      if (this.watches.get(name) === watch) this.events.onDeviceLost?.();
    });
  }

  private anyLost(): boolean {
    return [...this.watches.values()].some((watch) => watch.lostReason() !== null);
  }

  /**
   * The work, or an error as soon as the active device is lost: a lost WebGL context may
   * never answer a readback, and the call queue must not wait forever.
   */
  private guarded<T>(work: Promise<T>): Promise<T> {
    const watch = this.watches.get(tf.getBackend() as BackendName);
    if (!watch) return work;
    const lost = watch.lost.then((reason): T => {
      throw new Error(`${watch.backend} device lost: ${reason}`);
    });
    return Promise.race([work, lost]);
  }

  /**
   * Time `runs` warm forward passes of the request on one backend (after one cold run),
   * then return to the backend in use. For calibration and benchmarks.
   */
  async measure(backend: BackendName, request: ForwardRequest, runs: number): Promise<Measurement> {
    const previous = this.backendStatus?.name;
    try {
      await this.recover();
      const failure = await startBackend(backend);
      if (failure) return { backend, failure };
      this.watchActive();
      const firstMs = (await this.model.forward(request)).elapsedMs;
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push((await this.model.forward(request)).elapsedMs);
      return { backend, firstMs, times };
    } catch (error) {
      return { backend, failure: error instanceof Error ? error.message : String(error) };
    } finally {
      if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
    }
  }

  /**
   * Run requests on the active backend and drop the results: on a GPU this compiles the
   * shaders for their shapes before the user drags there.
   */
  async warm(requests: ForwardRequest[]): Promise<void> {
    await this.recover();
    for (const request of requests) await this.guarded(this.model.forward(request));
  }

  // The lessons' probes, each on the backend `run` would use for this preference.

  /** The √d_k lesson's experiment. */
  scalingProbe(preference: BackendPreference, input: ScalingProbeInput): Promise<ScalingProbeJobResult> {
    return this.onBackend(preference, () => runScalingProbe(input));
  }

  /** The norms lesson's BatchNorm / LayerNorm statistics. */
  normsProbe(preference: BackendPreference, input: NormsProbeInput): Promise<NormsProbeJobResult> {
    return this.onBackend(preference, () => runNormsProbe(input));
  }

  /** The depth lesson's stack of layers. */
  depthProbe(preference: BackendPreference, input: DepthProbeInput): Promise<DepthProbeJobResult> {
    return this.onBackend(preference, () => runDepthProbe(input));
  }

  /**
   * The depth lesson's short SGD run of the stack, with and without residuals: one chunk of
   * it (the page asks for the next one). After a device loss the rerun starts it again (`fresh`).
   */
  depthTraining(preference: BackendPreference, input: DepthTrainingChunkInput): Promise<DepthTrainingJobResult> {
    return this.onBackend(preference, () => this.depthRuns.chunk(input));
  }

  /** The page cancelled the depth lesson's run: free its stacks. */
  depthTrainingRelease(): void {
    this.depthRuns.release();
  }

  /** The cost lesson's timing of one attention layer over n. */
  attentionTiming(preference: BackendPreference, input: AttentionTimingInput): Promise<AttentionTimingJobResult> {
    return this.onBackend(preference, () => runAttentionTiming(input), (result) => result.failure !== null);
  }

  /** The position lesson's PE table, M_k and PE·PEᵀ in float32. */
  positionProbe(preference: BackendPreference, input: PositionProbeInput): Promise<PositionProbeJobResult> {
    return this.onBackend(preference, () => runPositionProbe(input));
  }

  /** The long-range lesson's gradients from the last position to the first token. */
  longRangeProbe(preference: BackendPreference, input: LongRangeProbeInput): Promise<LongRangeProbeJobResult> {
    return this.onBackend(preference, () => runLongRangeProbe(input));
  }

  /**
   * The training lesson: a chunk of steps on one run. Rerun after a device loss, the chunk
   * finds its trainer gone with the old device and starts the run again (`fresh`).
   */
  train(preference: BackendPreference, input: TrainCallInput): Promise<TrainJobResult> {
    return this.onBackend(preference, () => this.training.train(input));
  }

  trainDispose(input: TrainDisposeInput): void {
    this.training.dispose(input);
  }

  /**
   * Run work on the backend `run` would use for this preference. A device lost during the
   * work is replaced and the same work runs once more, so a lesson's probe or a forward
   * pass in flight at the loss still gets a whole answer.
   */
  private async onBackend<Result>(
    preference: BackendPreference,
    work: () => Promise<Result>,
    /** For work that catches its own failures and reports them in its result. */
    reportsFailure: (result: Result) => boolean = () => false,
  ): Promise<ProbeJobResult<Result>> {
    let backend = await this.ensureBackend(preference);
    try {
      const result = await this.guarded(work());
      // Work that caught a failure itself (a timing sweep stops at one) may still return:
      // what it computed while the device went away is not trusted either.
      const lost = this.anyLost() || (reportsFailure(result) && (await this.failedByLoss(backend.name)));
      if (!lost) return { result, backend };
    } catch (error) {
      if (!(await this.failedByLoss(backend.name))) throw error;
    }
    await this.recover();
    backend = await this.ensureBackend(preference);
    return { result: await this.guarded(work()), backend };
  }

  /**
   * Whether a call that failed on this backend failed because its device was lost. The
   * failing readback and the loss notice are separate callbacks in no set order, so give
   * the notice a moment to arrive before calling the failure an ordinary error.
   */
  private async failedByLoss(name: BackendName): Promise<boolean> {
    if (this.anyLost()) return true;
    const watch = this.watches.get(name);
    if (!watch) return false;
    const settle = new Promise<void>((resolve) => setTimeout(resolve, LOSS_NOTICE_GRACE_MS));
    await Promise.race([watch.lost, settle]);
    return this.anyLost();
  }

  /** Free the forward pass's weight tensors on every backend (the next pass uploads them again). */
  releaseWeights(): void {
    this.model.dispose();
  }

  memory(): MemoryInfo {
    const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return {
      backend: tf.getBackend(),
      numTensors: memory.numTensors,
      numBytes: memory.numBytes,
      numBytesInGPU: memory.numBytesInGPU ?? null,
    };
  }

  private async ensureBackend(preference: BackendPreference): Promise<BackendStatus> {
    await this.recover();
    if (this.backendStatus && this.backendPreference === preference) {
      if (tf.getBackend() !== this.backendStatus.name) await tf.setBackend(this.backendStatus.name);
      this.watchActive();
      return this.backendStatus;
    }
    this.events.onBackendStarting?.(preference);
    try {
      // A backend measured before is already running: switching is cheap and loses nothing.
      this.backendStatus =
        preference !== 'auto' && tf.findBackend(preference) && (await startBackend(preference)) === null
          ? { name: preference, ...(await describeBackend(preference)), failures: [] }
          : await selectBackend(preference);
      this.backendPreference = preference;
      this.watchActive();
      return this.backendStatus;
    } finally {
      this.events.onBackendStarted?.();
    }
  }
}
