// The model's message-shaped entry point: jobs in, plain results out. It runs inside a
// Web Worker (modelWorker.ts); tests and browsers without workers use it directly.

import { tf } from './tf';
import { describeBackend, selectBackend, startBackend } from './backends';
import type { BackendName, BackendPreference, BackendStatus } from './backendNames';
import { TransformerModel, type ForwardResult } from './transformer';
import type { ForwardRequest } from './trace';
import { runDepthProbe, type DepthProbeInput, type DepthProbeResult } from './depthProbe';
import { runScalingProbe, type ScalingProbeInput, type ScalingProbeResult } from './scalingProbe';
import { runNormsProbe, type NormsProbeInput, type NormsProbeResult } from './normsProbe';
import { runAttentionTiming, type AttentionTimingInput, type AttentionTimingResult } from './attentionTiming';
import { runPositionProbe, type PositionProbeInput, type PositionProbeResult } from './positionProbe';

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

export interface ScalingProbeJobResult {
  result: ScalingProbeResult;
  backend: BackendStatus;
}

export interface NormsProbeJobResult {
  result: NormsProbeResult;
  backend: BackendStatus;
}

export interface AttentionTimingJobResult {
  result: AttentionTimingResult;
  backend: BackendStatus;
}

export interface PositionProbeJobResult {
  result: PositionProbeResult;
  backend: BackendStatus;
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
  private backendStatus: BackendStatus | null = null;
  private backendPreference: BackendPreference | null = null;

  constructor(private readonly onBackendStarting: (preference: BackendPreference) => void = () => {}) {}

  async run(job: ModelJob): Promise<ModelJobResult> {
    const backend = await this.ensureBackend(job.backend);
    const result = await this.model.forward(job.request);
    return { result, backend };
  }

  /**
   * Time `runs` warm forward passes of the request on one backend (after one cold run),
   * then return to the backend in use. For calibration and benchmarks.
   */
  async measure(backend: BackendName, request: ForwardRequest, runs: number): Promise<Measurement> {
    const previous = this.backendStatus?.name;
    try {
      const failure = await startBackend(backend);
      if (failure) return { backend, failure };
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
    for (const request of requests) await this.model.forward(request);
  }

  /** The √d_k lesson's experiment, on the backend `run` would use for this preference. */
  async scalingProbe(backendPreference: BackendPreference, input: ScalingProbeInput): Promise<ScalingProbeJobResult> {
    const backend = await this.ensureBackend(backendPreference);
    return { result: await runScalingProbe(input), backend };
  }

  /** The norms lesson's BatchNorm / LayerNorm statistics, on the backend `run` would use. */
  async normsProbe(backendPreference: BackendPreference, input: NormsProbeInput): Promise<NormsProbeJobResult> {
    const backend = await this.ensureBackend(backendPreference);
    return { result: await runNormsProbe(input), backend };
  }

  /** The depth lesson's experiment, on the backend `run` would use for this preference. */
  async depthProbe(backendPreference: BackendPreference, input: DepthProbeInput): Promise<{ result: DepthProbeResult; backend: ScalingProbeJobResult['backend'] }> {
    const backend = await this.ensureBackend(backendPreference);
    return { result: await runDepthProbe(input), backend };
  }

  /** The cost lesson's timing of one attention layer over n, on the backend `run` would use. */
  async attentionTiming(backendPreference: BackendPreference, input: AttentionTimingInput): Promise<AttentionTimingJobResult> {
    const backend = await this.ensureBackend(backendPreference);
    return { result: await runAttentionTiming(input), backend };
  }

  /** The position lesson's PE table, M_k and PE·PEᵀ in float32, on the backend `run` would use. */
  async positionProbe(backendPreference: BackendPreference, input: PositionProbeInput): Promise<PositionProbeJobResult> {
    const backend = await this.ensureBackend(backendPreference);
    return { result: await runPositionProbe(input), backend };
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
    if (this.backendStatus && this.backendPreference === preference) {
      if (tf.getBackend() !== this.backendStatus.name) await tf.setBackend(this.backendStatus.name);
      return this.backendStatus;
    }
    this.onBackendStarting(preference);
    // A backend measured before is already running: switching is cheap and loses nothing.
    this.backendStatus =
      preference !== 'auto' && tf.findBackend(preference) && (await startBackend(preference)) === null
        ? { name: preference, ...(await describeBackend(preference)), failures: [] }
        : await selectBackend(preference);
    this.backendPreference = preference;
    return this.backendStatus;
  }
}
