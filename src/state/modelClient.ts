// The page's handle on the model: calls go to the model worker; where no worker can
// start, the same session runs on the main thread instead (slower, but it works).

import type { BackendName, BackendPreference } from '../model/backendNames';
import type { ForwardRequest } from '../model/trace';
import type {
  AttentionTimingJobResult,
  DepthProbeJobResult,
  DeviceLossNotice,
  Measurement,
  MemoryInfo,
  ModelJob,
  ModelJobResult,
  ModelSession,
  NormsProbeJobResult,
  PositionProbeJobResult,
  ScalingProbeJobResult,
} from '../model/session';
import type { ScalingProbeInput } from '../model/scalingProbe';
import type { NormsProbeInput } from '../model/normsProbe';
import type { DepthProbeInput } from '../model/depthProbe';
import type { AttentionTimingInput } from '../model/attentionTiming';
import type { PositionProbeInput } from '../model/positionProbe';
import type { WorkerCall, WorkerCallResults, WorkerRequest, WorkerResponse } from '../model/protocol';

export interface ModelClient {
  run(job: ModelJob): Promise<ModelJobResult>;
  measure(backend: BackendName, request: ForwardRequest, runs: number): Promise<Measurement>;
  /** Compile for these shapes ahead of need (results are dropped). */
  warm(requests: ForwardRequest[]): Promise<void>;
  memory(): Promise<MemoryInfo>;
  /** The √d_k lesson's experiment, on the backend a run with this preference uses. */
  scalingProbe(backend: BackendPreference, input: ScalingProbeInput): Promise<ScalingProbeJobResult>;
  normsProbe(backend: BackendPreference, input: NormsProbeInput): Promise<NormsProbeJobResult>;
  depthProbe(backend: BackendPreference, input: DepthProbeInput): Promise<DepthProbeJobResult>;
  /** The cost lesson's timing of one attention layer at several n. */
  attentionTiming(backend: BackendPreference, input: AttentionTimingInput): Promise<AttentionTimingJobResult>;
  /** The position lesson's float32 PE, M_k and PE·PEᵀ checked against Float64. */
  positionProbe(backend: BackendPreference, input: PositionProbeInput): Promise<PositionProbeJobResult>;
  /** Test hook: lose the GPU device on purpose (false on CPU and WASM). */
  loseDevice(): Promise<boolean>;
  /** Where the model runs, for the badge and tests. */
  readonly thread: 'worker' | 'main';
}

export interface ClientEvents {
  onBackendStarting: (preference: BackendPreference) => void;
  /** A lost GPU device was replaced (or fell back); the page should recompute what it shows. */
  onDeviceLost: (notice: DeviceLossNotice) => void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

class WorkerModelClient implements ModelClient {
  readonly thread = 'worker' as const;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly worker: Worker,
    events: ClientEvents,
  ) {
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.kind === 'backend-starting') return events.onBackendStarting(message.preference);
      if (message.kind === 'device-lost') return events.onDeviceLost(message.notice);
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'result') call?.resolve(message.value);
      else call?.reject(new Error(message.message));
    };
    // A crashed worker fails its pending calls, so the page shows why instead of waiting forever.
    worker.onerror = (event) => {
      event.preventDefault();
      const text = event.message || 'the model worker stopped';
      for (const call of this.pending.values()) call.reject(new Error(text));
      this.pending.clear();
    };
  }

  private call<T extends WorkerCall>(call: T): Promise<WorkerCallResults[T['type']]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...call, id } satisfies WorkerRequest);
    });
  }

  run(job: ModelJob) {
    return this.call({ type: 'run', job });
  }
  measure(backend: BackendName, request: ForwardRequest, runs: number) {
    return this.call({ type: 'measure', backend, request, runs });
  }
  warm(requests: ForwardRequest[]) {
    return this.call({ type: 'warm', requests });
  }
  memory() {
    return this.call({ type: 'memory' });
  }
  loseDevice() {
    return this.call({ type: 'loseDevice' });
  }
  scalingProbe(backend: BackendPreference, input: ScalingProbeInput) {
    return this.call({ type: 'scalingProbe', backend, input });
  }
  normsProbe(backend: BackendPreference, input: NormsProbeInput) {
    return this.call({ type: 'normsProbe', backend, input });
  }
  depthProbe(backend: BackendPreference, input: DepthProbeInput) {
    return this.call({ type: 'depthProbe', backend, input });
  }
  attentionTiming(backend: BackendPreference, input: AttentionTimingInput) {
    return this.call({ type: 'attentionTiming', backend, input });
  }
  positionProbe(backend: BackendPreference, input: PositionProbeInput) {
    return this.call({ type: 'positionProbe', backend, input });
  }
}

class MainThreadModelClient implements ModelClient {
  readonly thread = 'main' as const;
  private session: Promise<ModelSession> | null = null;

  constructor(private readonly events: ClientEvents) {}

  private ready(): Promise<ModelSession> {
    this.session ??= import('../model/session').then(({ ModelSession }) => {
      const session: ModelSession = new ModelSession({
        onBackendStarting: this.events.onBackendStarting,
        // No call queue here: recover at once (the next call recovers first anyway).
        onDeviceLost: () => void session.recover().catch(() => {}),
        onRecovered: this.events.onDeviceLost,
      });
      return session;
    });
    return this.session;
  }
  async run(job: ModelJob) {
    return (await this.ready()).run(job);
  }
  async measure(backend: BackendName, request: ForwardRequest, runs: number) {
    return (await this.ready()).measure(backend, request, runs);
  }
  async warm(requests: ForwardRequest[]) {
    return (await this.ready()).warm(requests);
  }
  async memory() {
    return (await this.ready()).memory();
  }
  async loseDevice() {
    return (await this.ready()).loseDevice();
  }
  async scalingProbe(backend: BackendPreference, input: ScalingProbeInput) {
    return (await this.ready()).scalingProbe(backend, input);
  }
  async normsProbe(backend: BackendPreference, input: NormsProbeInput) {
    return (await this.ready()).normsProbe(backend, input);
  }
  async depthProbe(backend: BackendPreference, input: DepthProbeInput) {
    return (await this.ready()).depthProbe(backend, input);
  }
  async attentionTiming(backend: BackendPreference, input: AttentionTimingInput) {
    return (await this.ready()).attentionTiming(backend, input);
  }
  async positionProbe(backend: BackendPreference, input: PositionProbeInput) {
    return (await this.ready()).positionProbe(backend, input);
  }
}

/** A client on a worker when the browser allows one, else on the main thread. */
export function createModelClient(events: ClientEvents): ModelClient {
  if (typeof Worker === 'undefined') return new MainThreadModelClient(events);
  try {
    const worker = new Worker(new URL('../model/modelWorker.ts', import.meta.url), { type: 'module', name: 'qkv-lab-model' });
    return new WorkerModelClient(worker, events);
  } catch {
    return new MainThreadModelClient(events);
  }
}
