// The page's handle on the model: calls go to the model worker; where no worker can
// start, the same session runs on the main thread instead (slower, but it works).

import type { BackendName, BackendPreference } from '../model/backendNames';
import type { ForwardRequest } from '../model/trace';
import type { DeviceLossNotice, ModelJob, ModelSession } from '../model/session';
import type { ScalingProbeInput } from '../model/scalingProbe';
import type { NormsProbeInput } from '../model/normsProbe';
import type { DepthProbeInput } from '../model/depthProbe';
import type { DepthTrainingChunkInput } from '../model/depthTraining';
import type { AttentionTimingInput } from '../model/attentionTiming';
import type { PositionProbeInput } from '../model/positionProbe';
import type { LongRangeProbeInput } from '../model/longRangeProbe';
import type { TrainCallInput, TrainDisposeInput } from '../training/trainingCall';
import type { WorkerCall, WorkerCallResults, WorkerRequest, WorkerResponse } from '../model/protocol';

type Answer<T extends WorkerCall> = Promise<WorkerCallResults[T['type']]>;

export interface ClientEvents {
  onBackendStarting: (preference: BackendPreference) => void;
  /** That start is over: for any call, not only the one whose result is shown next. */
  onBackendStarted: () => void;
  /** A lost GPU device was replaced (or fell back); the page should recompute what it shows. */
  onDeviceLost: (notice: DeviceLossNotice) => void;
  /** The worker could not start; the model now runs on the main thread. */
  onWorkerFailed: (reason: string) => void;
}

/** The calls the page makes; each is one message of the protocol (model/protocol.ts). */
export abstract class ModelClient {
  /** Where the model runs, for the badge and tests. */
  abstract readonly thread: 'worker' | 'main';
  /** Send one call of the protocol; the methods below name them. */
  abstract call<T extends WorkerCall>(call: T): Answer<T>;

  run(job: ModelJob) {
    return this.call({ type: 'run', job });
  }
  /** Start the backend for this preference without computing anything. */
  start(backend: BackendPreference) {
    return this.call({ type: 'start', backend });
  }
  /** Cold run then `runs` warm runs of a request on one backend. */
  measure(backend: BackendName, request: ForwardRequest, runs: number) {
    return this.call({ type: 'measure', backend, request, runs });
  }
  /** Compile for these shapes ahead of need (results are dropped). */
  warm(requests: ForwardRequest[]) {
    return this.call({ type: 'warm', requests });
  }
  memory() {
    return this.call({ type: 'memory' });
  }
  /** Test hook: lose the GPU device now, even in the middle of a call (false on CPU and WASM). */
  loseDevice() {
    return this.call({ type: 'loseDevice' });
  }
  // The lessons' probes, each on the backend a run with this preference uses.
  /** The √d_k lesson's experiment. */
  scalingProbe(backend: BackendPreference, input: ScalingProbeInput) {
    return this.call({ type: 'scalingProbe', backend, input });
  }
  normsProbe(backend: BackendPreference, input: NormsProbeInput) {
    return this.call({ type: 'normsProbe', backend, input });
  }
  depthProbe(backend: BackendPreference, input: DepthProbeInput) {
    return this.call({ type: 'depthProbe', backend, input });
  }
  /** A chunk of the depth lesson's short training run, with and without residuals. */
  depthTraining(backend: BackendPreference, input: DepthTrainingChunkInput) {
    return this.call({ type: 'depthTraining', backend, input });
  }
  /** Free the depth lesson's cancelled run. */
  depthTrainingRelease() {
    return this.call({ type: 'depthTrainingRelease' });
  }
  /** The cost lesson's timing of one attention layer at several n. */
  attentionTiming(backend: BackendPreference, input: AttentionTimingInput) {
    return this.call({ type: 'attentionTiming', backend, input });
  }
  /** The position lesson's float32 PE, M_k and PE·PEᵀ checked against Float64. */
  positionProbe(backend: BackendPreference, input: PositionProbeInput) {
    return this.call({ type: 'positionProbe', backend, input });
  }
  /** The long-range lesson's gradient norms over n, attention and RNN. */
  longRangeProbe(backend: BackendPreference, input: LongRangeProbeInput) {
    return this.call({ type: 'longRangeProbe', backend, input });
  }
  /** The training lesson: a chunk of Adam steps on one run, then its held-out figures. */
  train(backend: BackendPreference, input: TrainCallInput) {
    return this.call({ type: 'train', backend, input });
  }
  trainDispose(input: TrainDisposeInput) {
    return this.call({ type: 'trainDispose', input });
  }
}

/** The session on the page's own thread, loaded on first use. */
class MainThreadModelClient extends ModelClient {
  readonly thread = 'main' as const;
  private session: Promise<{ session: ModelSession; answerCall: typeof import('../model/answerCall').answerCall }> | null = null;

  constructor(private readonly events: ClientEvents) {
    super();
  }

  private ready() {
    this.session ??= Promise.all([import('../model/session'), import('../model/answerCall')]).then(([{ ModelSession }, { answerCall }]) => {
      const session: ModelSession = new ModelSession({
        onBackendStarting: this.events.onBackendStarting,
        onBackendStarted: this.events.onBackendStarted,
        // No call queue here: recover at once (the next call recovers first anyway).
        onDeviceLost: () => void session.recover().catch(() => {}),
        onRecovered: this.events.onDeviceLost,
      });
      return { session, answerCall };
    });
    return this.session;
  }

  async call<T extends WorkerCall>(call: T): Answer<T> {
    const { session, answerCall } = await this.ready();
    return answerCall(session, call);
  }
}

type Pending = { call: WorkerCall; resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The session in a Web Worker. If the worker cannot start (its script is blocked or fails
 * to load), the calls waiting and every later call go to the main thread instead.
 */
class WorkerModelClient extends ModelClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private fallback: MainThreadModelClient | null = null;
  /** The worker's script has run and it answers calls. */
  private loaded = false;

  constructor(
    private readonly worker: Worker,
    private readonly events: ClientEvents,
  ) {
    super();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.kind === 'ready') return void (this.loaded = true);
      if (message.kind === 'backend-starting') return events.onBackendStarting(message.preference);
      if (message.kind === 'backend-started') return events.onBackendStarted();
      if (message.kind === 'device-lost') return events.onDeviceLost(message.notice);
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'result') waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.message));
    };
    // An error before the worker said it is ready means its script could not load or run:
    // the model moves to the main thread. Later errors are stray callbacks in a worker
    // that still answers every call (each call catches its own errors), so it stays.
    worker.onerror = (event) => {
      if (this.loaded) return;
      event.preventDefault();
      this.moveToMainThread(event.message || 'its script could not be loaded');
    };
  }

  get thread(): 'worker' | 'main' {
    return this.fallback ? 'main' : 'worker';
  }

  call<T extends WorkerCall>(call: T): Answer<T> {
    if (this.fallback) return this.fallback.call(call);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { call, resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...call, id } satisfies WorkerRequest);
    });
  }

  private moveToMainThread(reason: string): void {
    if (this.fallback) return;
    this.worker.terminate();
    const fallback = new MainThreadModelClient(this.events);
    this.fallback = fallback;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { call, resolve, reject } of waiting) fallback.call(call).then(resolve, reject);
    this.events.onWorkerFailed(reason);
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
