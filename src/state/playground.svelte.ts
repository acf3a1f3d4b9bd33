// The attention playground's state: what the user set, what is on screen, and the one
// path from a change to a redraw: settings → (one request per frame, latest wins) →
// model → shown result. The last good result stays on screen when input is bad.

import { tokenize, type TokenizedText } from '../model/tokenizer';
import type { BackendPreference, BackendStatus } from '../model/backendNames';
import type { ModelConfig } from '../model/config';
import type { ModelJob, ModelJobResult, ModelSession } from '../model/session';
import type { ForwardResult } from '../model/transformer';
import { LatestWinsRunner } from './latestWins';
import { clampView, encodeSettings, headsFor, parseSettings, type AppSettings, type UrlNotice } from './settings';
import { buildExport, type ExportDocument } from './exportTrace';
import { browserLanguage, locale } from '../i18n/i18n.svelte';

export interface ShownResult {
  key: string;
  config: ModelConfig;
  text: string;
  tokens: string[];
  isPadding: boolean[];
  result: ForwardResult;
  backend: BackendStatus;
}

type Job = ModelJob & { key: string; text: string };

const URL_WRITE_DELAY_MS = 250;

export class Playground {
  settings: AppSettings = $state()!;
  urlNotices: UrlNotice[] = $state([]);
  shown: ShownResult | null = $state.raw(null);
  backendStatus: BackendStatus | null = $state.raw(null);
  /** Backend being started, shown in the badge until it runs. */
  startingBackend: BackendPreference | null = $state(null);
  computeError: string | null = $state(null);
  busy = $state(false);
  /** Forward passes completed for the screen (not counting benchmarks). */
  forwardCount = 0;

  readonly tokenized: TokenizedText = $derived(tokenize(this.settings.text, this.settings.config.seqLen));
  readonly textIsEmpty = $derived(this.tokenized.textLength === 0);
  /** Identity of the computation the current settings ask for. */
  readonly jobKey = $derived(
    JSON.stringify([this.settings.config, this.tokenized.tokens, this.tokenized.isPadding, this.settings.backend]),
  );

  private session: ModelSession | null = null;
  private readonly runner: LatestWinsRunner<Job, ModelJobResult & { job: Job }>;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(search: string) {
    const { settings, notices } = parseSettings(search, browserLanguage());
    this.settings = settings;
    this.urlNotices = notices;
    locale.language = settings.language;
    this.runner = new LatestWinsRunner<Job, ModelJobResult & { job: Job }>(
      async (job) => {
        this.busy = true;
        const session = await this.sessionReady();
        return { ...(await session.run(job)), job };
      },
      (output) => this.show(output),
      (error) => this.fail(error),
    );
  }

  /** Ask for the computation the settings describe (called whenever jobKey changes). */
  submit(): void {
    if (this.textIsEmpty) return; // keep the last good view; the page says why
    const { config, backend, text } = $state.snapshot(this.settings);
    const { tokens, isPadding } = this.tokenized;
    this.runner.request({ key: this.jobKey, backend, text, request: { config, tokens: [...tokens], isPadding: [...isPadding] } });
  }

  update(change: Partial<Omit<AppSettings, 'config'>> & { config?: Partial<ModelConfig> }): void {
    const config = { ...this.settings.config, ...change.config };
    if (change.config?.dModel !== undefined) config.numHeads = headsFor(config.dModel, config.numHeads);
    this.settings = clampView({ ...this.settings, ...change, config });
    if (change.language) locale.language = change.language;
    this.scheduleUrlWrite();
  }

  /** True when the screen shows exactly what the settings ask for and nothing is pending. */
  get settled(): boolean {
    return !this.busy && !this.runner.busy && (this.textIsEmpty || this.shown?.key === this.jobKey);
  }

  exportDocument(): ExportDocument | null {
    const shown = this.shown;
    if (!shown) return null;
    return buildExport({
      config: shown.config,
      text: shown.text,
      tokens: shown.tokens,
      isPadding: shown.isPadding,
      trace: shown.result.trace,
      weights: shown.result.weights,
      backend: shown.backend,
    });
  }

  /**
   * Time `runs` forward passes of what is on screen, each including the readback of every
   * intermediate (what a redraw needs). For benchmarks; call when settled.
   */
  async timeForwardPasses(runs: number): Promise<number[]> {
    const shown = this.shown;
    if (!shown || !this.settled) throw new Error('time forward passes only when the view is settled');
    const session = await this.sessionReady();
    const job = { backend: this.settings.backend, request: { config: shown.config, tokens: shown.tokens, isPadding: shown.isPadding } };
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push((await session.run(job)).result.elapsedMs);
    return times;
  }

  tensorCount(): number | null {
    return this.session?.tensorCount() ?? null;
  }

  dismissUrlNotices(): void {
    this.urlNotices = [];
  }

  private async sessionReady(): Promise<ModelSession> {
    if (!this.session) {
      const { ModelSession } = await import('../model/session');
      this.session = new ModelSession((preference) => (this.startingBackend = preference));
    }
    return this.session;
  }

  private show({ result, backend, job }: ModelJobResult & { job: Job }): void {
    this.forwardCount += 1;
    this.busy = false;
    this.startingBackend = null;
    this.backendStatus = backend;
    this.computeError = null;
    this.shown = {
      key: job.key,
      config: job.request.config,
      text: job.text,
      tokens: job.request.tokens,
      isPadding: job.request.isPadding,
      result,
      backend,
    };
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
