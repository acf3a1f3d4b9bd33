// The attention playground's state: what the user set, what is on screen, and the one
// path from a change to a redraw: settings → (one request per frame, latest wins) →
// model worker → shown result. The last good result stays on screen when input is bad.

import { shufflePermutation } from '../lessons/positionReadouts';
import { thumbnailDraws } from '../lessons/drawQueue.svelte';
import { tokenize, type TokenizedText } from '../model/tokenizer';
import { BACKEND_ORDER, type BackendName, type BackendPreference, type BackendStatus } from '../model/backendNames';
import { SEQ_LEN_RANGE, type ModelConfig } from '../model/config';
import { createWeights, type ModelWeights } from '../model/weights';
import { parseDigits } from '../training/reverseTask';
import { DEFAULT_TRAINER_CONFIG } from '../training/modelSpec';
import { loadTrainedModel, type TrainedModel, type TrainedModelProblem } from './trainedModel';
import type { ForwardRequest } from '../model/trace';
import type { DeviceLossNotice, Measurement, MemoryInfo, ModelJob, ModelJobResult } from '../model/session';
import type { ForwardResult } from '../model/transformer';
import { createModelClient, type ModelClient } from './modelClient';
import { LatestWinsRunner } from './latestWins';
import { QuickLane } from './quickLane';
import { onNextTask } from './nextTask';
import { resizePaintedMask } from './paintedMask';
import { clampPicks, DEFAULT_TEXT, encodeSettings, headsFor, parseSettings, type AppSettings, type UrlNotice } from './settings';
import type { LessonSettings } from './lessonSettings';
import { buildExport, type ExportDocument } from './exportTrace';
import { companionForOverview } from './overviewSettings';
import { CALIBRATION_RUNS, decide, sizeRange, type AutoDecision } from './autoBackend';
import { browserLanguage, locale } from '../i18n/i18n.svelte';

export interface ShownResult {
  key: string;
  config: ModelConfig;
  text: string;
  tokens: string[];
  isPadding: boolean[];
  customMask?: string;
  /** The trained weights it ran, if not the seeded ones. */
  weights?: ModelWeights;
  result: ForwardResult;
  backend: BackendStatus;
  /** Where it was computed: the model worker, or the quick lane on the page's thread. */
  lane: Lane;
}

export type Lane = 'worker' | 'quick';
type LaneOutput = ModelJobResult & { job: Job; lane: Lane };

/** A change of settings: any top-level value, or part of the config or of one lesson's group. */
export type SettingsChange = Partial<Omit<AppSettings, 'config' | keyof LessonSettings>> & { config?: Partial<ModelConfig> } & {
  [Group in keyof LessonSettings]?: Partial<LessonSettings[Group]>;
};

type Job = ModelJob & { key: string; text: string; inputAt: number };

const URL_WRITE_DELAY_MS = 250;
/** Digits the trained model reads (the shipped checkpoint's n; the training lesson's too). */
const TRAINED_INPUT_LENGTH = DEFAULT_TRAINER_CONFIG.length;
/** Quiet time before `auto` measures the backends for a new size range. */
const CALIBRATION_IDLE_MS = 300;
/** Quiet time after a quick-lane result before the worker checks it (and before the lane warms up). */
const LANE_CHECK_IDLE_MS = 150;
/** Input-to-paint samples kept for the benchmark. */
const LATENCY_SAMPLES_KEPT = 10_000;

/**
 * Run a callback just after the next frame has been painted: the frame that shows what was
 * drawn just now. A ResizeObserver's first notice comes in that frame's rendering update,
 * after layout, whether the change was made before the frame began or during its animation
 * callbacks (where a slider's input is dispatched); a message posted then is answered once
 * the frame is painted. (requestAnimationFrame cannot tell the two apart: asked for during
 * a frame's callbacks, it waits for the next frame.)
 */
function afterNextPaint(callback: () => void): void {
  const observer = new ResizeObserver(() => {
    observer.disconnect();
    onNextTask(callback);
  });
  observer.observe(document.documentElement);
}

function shownFrom(job: Job, result: ForwardResult, backend: BackendStatus, lane: Lane): ShownResult {
  return {
    key: job.key,
    config: job.request.config,
    text: job.text,
    tokens: job.request.tokens,
    isPadding: job.request.isPadding,
    customMask: job.request.customMask,
    weights: job.request.weights,
    result,
    backend,
    lane,
  };
}

export class Playground {
  settings: AppSettings = $state()!;
  urlNotices: UrlNotice[] = $state([]);
  shown: ShownResult | null = $state.raw(null);
  backendStatus: BackendStatus | null = $state.raw(null);
  /** Backend being started, shown in the badge until it runs. */
  startingBackend: BackendPreference | null = $state(null);
  computeError: string | null = $state(null);
  /** The last lost-GPU recovery, shown until dismissed. */
  deviceNotice: DeviceLossNotice | null = $state.raw(null);
  busy = $state(false);
  /** Where the model runs: in a worker, or on the main thread where no worker could start. */
  modelThread: 'worker' | 'main' = $state('worker');
  /** Why the model worker could not start (the model then runs on the main thread), until dismissed. */
  workerFailure: string | null = $state(null);
  /** `auto`'s measured choice per size range. */
  autoDecisions: ReadonlyMap<string, AutoDecision> = $state.raw(new Map());
  calibrating = $state(false);
  /** The most recent measured pick: used for a size range not measured yet, until it is. */
  private lastAutoPick: BackendName | null = $state(null);
  /** The shipped trained checkpoint as the playground's model, once loaded (on first use). */
  trainedModel: TrainedModel | null = $state.raw(null);
  /** Why the trained model could not be loaded; the playground then says so and waits. */
  trainedModelProblem: TrainedModelProblem | null = $state.raw(null);
  private trainedModelLoading = false;
  /** The user's own text while the trained model (which reads only digits) is on. */
  private textBeforeTrained: string | null = null;
  /** Forward passes completed for the screen (not counting measurements). */
  forwardCount = 0;
  /** Milliseconds from an input to the paint that showed its result. */
  readonly latencySamples: number[] = [];

  /** The playground runs the trained checkpoint (other lessons always use seeded weights). */
  readonly usesTrainedModel = $derived(this.settings.lesson === 'playground' && this.settings.weights === 'trained');
  /** The model's config: the settings', or the trained checkpoint's fixed shape. */
  readonly modelConfig: ModelConfig = $derived(this.usesTrainedModel && this.trainedModel ? this.trainedModel.config : this.settings.config);
  /** The text read as the trained model's n digits (or what is wrong with it); null for seeded weights. */
  private readonly trainedDigits = $derived(this.usesTrainedModel ? parseDigits(this.settings.text, this.modelConfig.seqLen) : null);
  /** What is wrong with the text for the trained model, which reads exactly n digits; null when fine. */
  readonly digitsProblem: 'trainDigitsOnly' | 'trainDigitsCount' | null = $derived(
    this.trainedDigits && 'error' in this.trainedDigits ? this.trainedDigits.error : null,
  );
  readonly tokenized: TokenizedText = $derived.by(() => {
    const parsed = this.trainedDigits;
    if (parsed && 'digits' in parsed) {
      const { digits } = parsed;
      return { tokens: digits.map(String), isPadding: digits.map(() => false), textLength: digits.length, truncated: false };
    }
    return tokenize(this.settings.text, this.modelConfig.seqLen);
  });
  readonly textIsEmpty = $derived(this.tokenized.textLength === 0);
  /** Nothing can be computed from this input: the last good view stays, and the page says why. */
  readonly inputBlocked = $derived(this.textIsEmpty || this.digitsProblem !== null || (this.usesTrainedModel && this.trainedModel === null));
  /** `auto`'s decision for the size on screen, once measured. */
  readonly autoDecision: AutoDecision | null = $derived(
    this.settings.backend === 'auto' ? (this.autoDecisions.get(sizeRange(this.modelConfig)) ?? null) : null,
  );
  /** The backend the next job asks for: `auto` resolves to its measured pick when it has one. */
  readonly requestedBackend: BackendPreference = $derived(
    this.settings.backend === 'auto' ? (this.autoDecision?.pick ?? this.lastAutoPick ?? 'auto') : this.settings.backend,
  );
  /** The painted mask when the mask mode is 'custom' (it is sent with the request), else undefined. */
  readonly customMask: string | undefined = $derived(
    this.settings.config.mask === 'custom' ? this.settings.paintedMask : undefined,
  );
  /** Identity of the computation the current settings ask for. */
  readonly jobKey = $derived(
    JSON.stringify([this.modelConfig, this.usesTrainedModel && this.trainedModel !== null, this.tokenized.tokens, this.tokenized.isPadding, this.customMask, this.requestedBackend]),
  );
  /**
   * A second model shown beside the first, where a lesson compares two configurations.
   * The Q/K/V lesson compares separate with tied projections: the companion is the model
   * with the other choice.
   */
  readonly companionConfig: ModelConfig | null = $derived.by(() => {
    const { config, lesson, tieValues } = this.settings;
    // The positional-encoding lesson: the same model on the shuffled words (see submitCompanion).
    if (lesson === 'position') return { ...config };
    // The overview's comparison: B with PE, scaling or the mask flipped, or on another text.
    if (lesson === 'overview') return companionForOverview(config, this.settings.overview.compare);
    if (lesson !== 'qkv') return null;
    return { ...config, tie: config.tie === 'none' ? (tieValues ? 'qkv' : 'qk') : 'none' };
  });
  /** The companion's input: the overview may compare with another text, every other lesson uses the same. */
  readonly companionTokenized: TokenizedText = $derived(
    this.settings.lesson === 'overview' && this.settings.overview.compare === 'text'
      ? tokenize(this.settings.overview.compareText, this.settings.config.seqLen)
      : this.tokenized,
  );
  readonly companionKey = $derived(
    this.companionConfig === null
      ? null
      : JSON.stringify([this.companionConfig, this.companionTokenized.tokens, this.companionTokenized.isPadding, this.customMask, this.requestedBackend]),
  );
  /** The companion model's last result, when a lesson asks for one. */
  companion: ShownResult | null = $state.raw(null);

  /** The model's thread; lessons with computations of their own (not a forward pass) call it too. */
  readonly client: ModelClient;
  private readonly runner: LatestWinsRunner<Job, LaneOutput>;
  /** Small passes on the page's own thread, so that their results paint in the input's frame. */
  readonly quickLane = new QuickLane();
  /** The worker is yet to recompute the quick lane's last result (or the lane is yet to warm up). */
  private laneWorkPending = false;
  private laneTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly companionRunner: LatestWinsRunner<Job, ModelJobResult & { job: Job }>;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  private calibrationTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shapes already compiled ahead on a GPU backend. */
  private readonly warmedShapes = new Set<string>();
  private lastInputAt = performance.now();

  constructor(search: string) {
    const { settings, notices } = parseSettings(search, browserLanguage());
    this.settings = settings;
    this.urlNotices = notices;
    // A link to the trained model without a text of its own reads the training lesson's digits
    // (a link's own text stays as it was, with the message it had); the default text comes back with Random.
    if (settings.weights === 'trained' && settings.text === DEFAULT_TEXT) {
      this.textBeforeTrained = settings.text;
      this.settings.text = settings.train.probe;
    }
    locale.language = settings.language;
    this.client = createModelClient({
      onBackendStarting: (preference) => (this.startingBackend = preference),
      // A lesson's probe may start a backend too: the badge must not keep saying "starting".
      onBackendStarted: () => (this.startingBackend = null),
      onDeviceLost: (notice) => this.recomputeAfterLoss(notice),
      onWorkerFailed: (reason) => {
        this.workerFailure = reason;
        this.modelThread = 'main';
      },
    });
    this.modelThread = this.client.thread;
    this.runner = new LatestWinsRunner<Job, LaneOutput>(
      async (job) => {
        this.busy = true;
        if (this.quickLane.accepts(job, this.backendStatus?.name)) {
          try {
            return { ...(await this.quickLane.run(job)), job, lane: 'quick' };
          } catch (error) {
            // The worker has the final say: the lane goes off and the worker computes.
            this.quickLane.disable(error instanceof Error ? error.message : String(error));
          }
        }
        return { ...(await this.client.run(job)), job, lane: 'worker' };
      },
      (output) => this.show(output),
      (error) => this.fail(error),
    );
    this.companionRunner = new LatestWinsRunner<Job, ModelJobResult & { job: Job }>(
      async (job) => ({ ...(await this.client.run(job)), job }),
      ({ result, backend, job }) => (this.companion = shownFrom(job, result, backend, 'worker')),
      (error) => this.fail(error),
    );
  }

  /** Ask for the computation the settings describe (called whenever jobKey changes). */
  submit(): void {
    if (this.usesTrainedModel && !this.trainedModel) void this.loadTrainedModel();
    if (this.inputBlocked) {
      // Keep the last good view (the page says why); with none yet, still start the backend, so the badge names it.
      if (this.backendStatus === null && this.shown === null) this.startBackendOnly();
      return;
    }
    const { text } = this.settings;
    const config = $state.snapshot(this.modelConfig);
    const { tokens, isPadding } = this.tokenized;
    const weights = this.usesTrainedModel ? this.trainedModel?.weights : undefined;
    this.runner.request({
      key: this.jobKey,
      backend: this.requestedBackend,
      text,
      inputAt: this.lastInputAt,
      request: { config, tokens: [...tokens], isPadding: [...isPadding], customMask: this.customMask, weights },
    });
  }

  private backendStartAsked = false;
  private startBackendOnly(): void {
    if (this.backendStartAsked) return;
    this.backendStartAsked = true;
    this.client.start(this.requestedBackend).then(
      (status) => {
        if (this.backendStatus === null) this.backendStatus = status;
      },
      (error) => this.fail(error),
    );
  }

  /** Switch the playground between seeded weights and the trained checkpoint. */
  useWeights(weights: AppSettings['weights']): void {
    if (weights === this.settings.weights) return;
    if (weights === 'trained') {
      // The trained model reads only digits: offer the training lesson's, keep the user's text.
      const digitsAlready = !('error' in parseDigits(this.settings.text, TRAINED_INPUT_LENGTH));
      this.textBeforeTrained = digitsAlready ? null : this.settings.text;
      this.update({ weights, ...(digitsAlready ? {} : { text: this.settings.train.probe }) });
    } else {
      const text = this.textBeforeTrained;
      this.textBeforeTrained = null;
      this.update({ weights, ...(text !== null ? { text } : {}) });
    }
  }

  /** Fetch the shipped checkpoint once; the job key changes when it arrives, and the screen follows. */
  private async loadTrainedModel(): Promise<void> {
    if (this.trainedModelLoading || this.trainedModel) return;
    this.trainedModelLoading = true;
    this.trainedModelProblem = null;
    try {
      const load = await loadTrainedModel();
      if ('model' in load) this.trainedModel = load.model;
      else this.trainedModelProblem = load.problem;
    } finally {
      this.trainedModelLoading = false;
    }
  }

  /** Try the trained model again after a failed load. */
  retryTrainedModel(): void {
    void this.loadTrainedModel();
  }

  /** Ask for the companion model, if the lesson on screen wants one (called whenever companionKey changes). */
  submitCompanion(): void {
    const config = this.companionConfig;
    if (this.inputBlocked || !config || !this.companionKey) return;
    let { tokens, isPadding } = this.companionTokenized;
    if (this.settings.lesson === 'position') {
      // Position lesson: row r of the companion input is token order[r] (seeded, shown on screen).
      const order = shufflePermutation(tokens.length, config.seed);
      tokens = order.map((i) => tokens[i]);
      isPadding = order.map((i) => isPadding[i]);
    }
    this.companionRunner.request({
      key: this.companionKey,
      backend: this.requestedBackend,
      text: this.settings.lesson === 'overview' && this.settings.overview.compare === 'text' ? this.settings.overview.compareText : this.settings.text,
      inputAt: this.lastInputAt,
      request: { config: $state.snapshot(config), tokens: [...tokens], isPadding: [...isPadding], customMask: this.customMask },
    });
  }

  update(change: SettingsChange): void {
    this.lastInputAt = performance.now();
    // A lesson's own change keeps the config object, so what reads the config does not rerun.
    const config = change.config ? { ...this.settings.config, ...change.config } : this.settings.config;
    const lessons = this.mergeLessonChange(change);
    if (change.config?.dModel !== undefined) config.numHeads = headsFor(config.dModel, config.numHeads);
    // The painted mask follows n only while it is in use: resizing a 512 × 512 mask on
    // every step of a sequence-length drag would cost the playground frames for nothing.
    const wanted = change.paintedMask ?? this.settings.paintedMask;
    const paintedMask = config.mask === 'custom' ? resizePaintedMask(wanted, config.seqLen) : wanted;
    // Another lesson opens on its first figure page unless the change says which.
    const fig = change.fig ?? (change.lesson !== undefined && change.lesson !== this.settings.lesson ? 0 : this.settings.fig);
    this.settings = clampPicks({ ...this.settings, ...change, ...lessons, config, paintedMask, fig });
    if (change.language) locale.language = change.language;
    this.scheduleUrlWrite();
  }

  /**
   * Each lesson group the change touches, merged into its current values. Untouched groups
   * keep their object, so a lesson's effects that read them do not rerun for nothing.
   */
  private mergeLessonChange(change: SettingsChange): LessonSettings {
    const merge = <Group extends keyof LessonSettings>(group: Group): LessonSettings[Group] =>
      change[group] ? { ...this.settings[group], ...change[group] } : this.settings[group];
    return { position: merge('position'), norms: merge('norms'), depth: merge('depth'), cost: merge('cost'), longrange: merge('longrange'), train: merge('train'), overview: merge('overview') };
  }

  /** True when the screen shows exactly what the settings ask for, every canvas drawn, and nothing is pending. */
  get settled(): boolean {
    const calibrationPending = this.settings.backend === 'auto' && (this.calibrating || !this.autoDecision);
    return (
      !this.busy &&
      !this.runner.busy &&
      !(calibrationPending && this.shown !== null && !this.inputBlocked) &&
      !this.trainedModelLoading &&
      !this.laneWorkPending &&
      thumbnailDraws.pending === 0 &&
      (this.inputBlocked || this.shown?.key === this.jobKey) &&
      (this.inputBlocked || this.companionKey === null || (!this.companionRunner.busy && this.companion?.key === this.companionKey))
    );
  }

  exportDocument(): ExportDocument | null {
    const shown = this.shown;
    if (!shown) return null;
    const { seed, dModel, numLayers } = shown.config;
    return buildExport({
      config: shown.config,
      text: shown.text,
      tokens: shown.tokens,
      isPadding: shown.isPadding,
      trace: shown.result.trace,
      // Seeded weights are regenerated here (deterministic): cheaper than shipping them with every result.
      weights: shown.weights ?? createWeights(seed, dModel, numLayers),
      backend: shown.backend,
    });
  }

  /** Time forward passes of any request on any backend (cold run + `runs` warm runs). */
  measure(backend: BackendName, request: ForwardRequest, runs: number): Promise<Measurement> {
    return this.client.measure(backend, request, runs);
  }

  /** Tensors and bytes of the model's thread, plus the quick lane's (none while settled). */
  async memory(): Promise<MemoryInfo> {
    const model = await this.client.memory();
    const lane = this.quickLane.memory();
    return lane ? { ...model, numTensors: model.numTensors + lane.numTensors, numBytes: model.numBytes + lane.numBytes } : model;
  }

  /** Test hook: lose the model's GPU device on purpose. */
  loseDevice(): Promise<boolean> {
    return this.client.loseDevice();
  }

  dismissDeviceNotice(): void {
    this.deviceNotice = null;
  }

  dismissWorkerFailure(): void {
    this.workerFailure = null;
  }

  /** The worker replaced a lost device: say so, and compute what is on screen again. */
  private recomputeAfterLoss(notice: DeviceLossNotice): void {
    this.deviceNotice = notice;
    this.backendStatus = notice.backend;
    this.submit();
    this.submitCompanion();
  }

  dismissUrlNotices(): void {
    this.urlNotices = [];
  }

  private show({ result, backend, job, lane }: LaneOutput): void {
    this.forwardCount += 1;
    this.busy = false;
    this.startingBackend = null;
    this.backendStatus = backend;
    this.computeError = null;
    this.shown = shownFrom(job, result, backend, lane);
    const first = this.forwardCount === 1;
    afterNextPaint(() => {
      if (first) performance.mark('qkv-lab:first-heatmap');
      if (this.latencySamples.length >= LATENCY_SAMPLES_KEPT) this.latencySamples.shift();
      this.latencySamples.push(performance.now() - job.inputAt);
    });
    if (this.settings.backend === 'auto' && !this.autoDecision) this.scheduleCalibration();
    else this.warmNeighbours(job, backend.name);
    if (lane === 'worker') this.quickLane.observe(backend.name, job.request.config, result.elapsedMs);
    // The lane may still hold weights when a worker result follows its own (its check was
    // under way when the next job went to the worker): have it free them once settled too.
    if (lane === 'quick' || this.laneWanted(job, backend) || this.quickLane.holdsWeights) this.scheduleLaneWork();
  }

  /** Whether to warm the quick lane up on this worker result. */
  private laneWanted(job: Job, backend: BackendStatus): boolean {
    return (
      this.quickLane.state === 'off' &&
      this.client.thread === 'worker' &&
      job.backend === backend.name &&
      QuickLane.worthWarming(backend.name, job.request.config)
    );
  }

  /**
   * Once the user pauses: have the worker recompute the quick lane's last result and
   * compare, or warm the lane up on the worker's. Either way the lane then frees its tensors.
   */
  private scheduleLaneWork(): void {
    this.laneWorkPending = true;
    clearTimeout(this.laneTimer);
    this.laneTimer = setTimeout(() => {
      if (this.runner.busy) return this.scheduleLaneWork();
      void this.doLaneWork().finally(() => {
        if (this.laneTimer === undefined) this.laneWorkPending = false;
      });
      this.laneTimer = undefined;
    }, LANE_CHECK_IDLE_MS);
  }

  private async doLaneWork(): Promise<void> {
    const shown = this.shown;
    if (!shown) return;
    // The job that computed it (a shown result always names the backend it ran on).
    const job: Job & { backend: BackendName } = {
      key: shown.key,
      backend: shown.backend.name,
      text: shown.text,
      inputAt: this.lastInputAt,
      request: { config: shown.config, tokens: shown.tokens, isPadding: shown.isPadding, customMask: shown.customMask, weights: shown.weights },
    };
    if (shown.lane === 'worker') {
      if (this.laneWanted(job, shown.backend)) await this.quickLane.warmUp(job, shown.result);
      else if (!this.runner.busy) this.quickLane.release();
      return;
    }
    try {
      const checked = await this.client.run(job);
      // A newer result is on screen by now: its own check follows.
      if (this.shown !== shown) return;
      if (!this.quickLane.confirm(shown.result, checked.result)) this.show({ ...checked, job, lane: 'worker' });
    } catch {
      // The worker failed where the lane did not: the page shows the lane's result until the next input.
    } finally {
      if (!this.runner.busy) this.quickLane.release();
    }
  }

  /**
   * Measure the backends once the user pauses (a calibration takes seconds where GPU
   * shaders compile slowly, and must not hold up a drag), on what is then on screen.
   */
  private scheduleCalibration(): void {
    clearTimeout(this.calibrationTimer);
    this.calibrationTimer = setTimeout(() => {
      const shown = this.shown;
      if (this.settings.backend !== 'auto' || this.autoDecision || !shown) return;
      if (this.calibrating || this.runner.busy) return this.scheduleCalibration();
      void this.calibrate({ config: shown.config, tokens: shown.tokens, isPadding: shown.isPadding, customMask: shown.customMask, weights: shown.weights }, shown.backend.name);
    }, CALIBRATION_IDLE_MS);
  }

  /**
   * On a GPU backend every new sequence length compiles new shaders (hundreds of ms).
   * When idle, compile n − 1 and n + 1 ahead, where a dragged slider goes next.
   */
  private warmNeighbours(job: Job, backend: BackendName): void {
    // A trained model's n is fixed: there is no neighbour to compile for.
    if ((backend !== 'webgpu' && backend !== 'webgl') || this.runner.busy || job.request.weights) return;
    const { config } = job.request;
    // Shaders depend on the backend and the tensor shapes, not on the weights' values.
    const shapeKey = (seqLen: number) => `${backend}:${seqLen}:${config.dModel}:${config.numHeads}:${config.numLayers}`;
    const neighbours = [config.seqLen - 1, config.seqLen + 1]
      .filter((seqLen) => seqLen >= SEQ_LEN_RANGE.min && seqLen <= SEQ_LEN_RANGE.max)
      .filter((seqLen) => !this.warmedShapes.has(shapeKey(seqLen)));
    if (neighbours.length === 0) return;
    const requests = neighbours.map((seqLen) => {
      this.warmedShapes.add(shapeKey(seqLen));
      const { tokens, isPadding } = tokenize(job.text, seqLen);
      const customMask = job.request.customMask === undefined ? undefined : resizePaintedMask(job.request.customMask, seqLen);
      return { config: { ...config, seqLen }, tokens, isPadding, customMask };
    });
    void this.client.warm(requests).catch(() => {});
  }

  /**
   * Measure every backend on the request on screen and remember the fastest for its size
   * range. There is always a decision afterwards (if no measurement ran, the backend that
   * computed the screen), so `auto` never waits for one that cannot come.
   */
  private async calibrate(request: ForwardRequest, inUse: BackendName): Promise<void> {
    this.calibrating = true;
    try {
      const measurements: Measurement[] = [];
      for (const backend of BACKEND_ORDER) measurements.push(await this.client.measure(backend, request, CALIBRATION_RUNS));
      const decision = decide(measurements, request.config, inUse);
      this.autoDecisions = new Map(this.autoDecisions).set(sizeRange(request.config), decision);
      this.lastAutoPick = decision.pick;
    } finally {
      this.calibrating = false;
    }
  }

  private fail(error: unknown): void {
    this.busy = false;
    this.startingBackend = null;
    this.computeError = error instanceof Error ? error.message : String(error);
  }

  private scheduleUrlWrite(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => {
      const query = encodeSettings(this.settings, browserLanguage());
      history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
    }, URL_WRITE_DELAY_MS);
  }
}
