// Everything a user can set, its defaults, and the URL codec. Parsing is strict: a value
// that is malformed or outside what the controls allow falls back to its default and
// produces a notice; unknown keys are ignored.

import {
  D_MODEL_CHOICES,
  DEFAULT_CONFIG,
  LAYER_RANGE,
  MASK_MODES,
  SEED_RANGE,
  SEQ_LEN_RANGE,
  TIE_MODES,
  validHeadCounts,
  type MaskMode,
  type ModelConfig,
  type TieMode,
} from '../model/config';
import { DEFAULT_PROBE_DK, LESSON_IDS, MAX_URL_PAINTED_SEQ_LEN, PROBE_DK_CHOICES, type LessonId } from './lessons';
import { decodeMaskBits, encodeMaskBits, resizePaintedMask } from './paintedMask';
import { BACKEND_PREFERENCES, type BackendPreference } from '../model/backendNames';
import { LANGUAGES, type Language } from '../i18n/i18n.svelte';
import { MAX_FIGURE_PAGES } from './figurePaging';
import { THEME_CHOICES, VIEW_MODES, type ThemeChoice, type ViewMode } from './projectorMode.svelte';
import {
  clampLessonPicks,
  defaultLessonSettings,
  encodeLessonSettings,
  parseLessonSettings,
  type LessonSettings,
  type UrlReader,
} from './lessonSettings';

/** The model's and lessons 1–5's settings, plus one group per explorer of lessons 6–9 (lessonSettings.ts). */
export interface AppSettings extends LessonSettings {
  config: ModelConfig;
  text: string;
  backend: BackendPreference;
  /** Layer and head shown, 0-based (1-based in the URL and on screen). */
  layer: number;
  head: number;
  language: Language;
  lesson: LessonId;
  /** d_k of the √d_k lesson's random-vector experiment (independent of the model's d_k). */
  probeDk: number;
  /** The hand-painted mask, n × n of '1' (allowed) / '0' (masked); used when config.mask is 'custom'. */
  paintedMask: string;
  /** In the Q/K/V lesson, the tied model also ties W_V (W_Q = W_K = W_V). */
  tieValues: boolean;
  /** Projector mode (large type, thick lines, higher contrast) or the normal view. */
  view: ViewMode;
  /** Light, dark, or `auto` (the system's prefers-color-scheme). */
  theme: ThemeChoice;
  /** The lesson's figure page shown in projector mode, 0-based (1-based in the URL as `fig`). */
  fig: number;
  /**
   * The playground's weights: seeded random numbers (the config's seed), or the shipped
   * checkpoint trained to reverse 6 digits (its own fixed shape; other lessons ignore it).
   */
  weights: WeightsChoice;
}

export const WEIGHTS_CHOICES = ['seeded', 'trained'] as const;
export type WeightsChoice = (typeof WEIGHTS_CHOICES)[number];

export const DEFAULT_TEXT = '大模型是个潜力股';
/** Longer texts are cut in the URL (the model reads at most 512 characters anyway). */
export const MAX_URL_TEXT = 1000;

export function defaultSettings(language: Language): AppSettings {
  return {
    config: { ...DEFAULT_CONFIG },
    text: DEFAULT_TEXT,
    backend: 'auto',
    layer: 0,
    head: 0,
    language,
    lesson: 'playground',
    probeDk: DEFAULT_PROBE_DK,
    paintedMask: '1'.repeat(DEFAULT_CONFIG.seqLen ** 2),
    tieValues: false,
    view: 'normal',
    theme: 'auto',
    fig: 0,
    weights: 'seeded',
    ...defaultLessonSettings(),
  };
}

export interface UrlNotice {
  key: string;
  value: string;
  fallback: string;
}

const WHOLE_NUMBER = /^\d{1,10}$/;

/** Layer and head within the config's ranges; the selectors can never point past them. */
export function clampView(settings: AppSettings): AppSettings {
  const layer = Math.min(Math.max(settings.layer, 0), settings.config.numLayers - 1);
  const head = Math.min(Math.max(settings.head, 0), settings.config.numHeads - 1);
  return layer === settings.layer && head === settings.head ? settings : { ...settings, layer, head };
}

/** Every pick within what sizes it: layer and head (clampView), and the lessons' picks. */
export function clampPicks(settings: AppSettings): AppSettings {
  const view = clampView(settings);
  const lessons = clampLessonPicks(view, view.config);
  return lessons === view ? view : { ...view, ...lessons };
}

/** Heads for a new d_model: keep the count if it still divides, else the nearest valid one below. */
export function headsFor(dModel: number, wantedHeads: number): number {
  const valid = validHeadCounts(dModel);
  return valid.includes(wantedHeads) ? wantedHeads : [...valid].reverse().find((h) => h <= wantedHeads) ?? valid[0];
}

export function parseSettings(search: string, language: Language): { settings: AppSettings; notices: UrlNotice[] } {
  const params = new URLSearchParams(search);
  const defaults = defaultSettings(language);
  const notices: UrlNotice[] = [];
  const reject = (key: string, value: string, fallback: string | number | boolean) =>
    notices.push({ key, value: value.length > 40 ? `${value.slice(0, 40)}…` : value, fallback: String(fallback) });

  const wholeNumber = (key: string, fallback: number, allowed: (value: number) => boolean): number => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    const value = WHOLE_NUMBER.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(value) && allowed(value)) return value;
    reject(key, raw, fallback);
    return fallback;
  };
  const choice = <T extends string>(key: string, fallback: T, allowed: readonly T[]): T => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    reject(key, raw, fallback);
    return fallback;
  };

  const reader: UrlReader = {
    wholeNumber,
    choice,
    all: (key) => params.getAll(key),
    raw: (key) => params.get(key),
    reject,
  };

  const base = defaults.config;
  const dModel = wholeNumber('d', base.dModel, (v) => (D_MODEL_CHOICES as readonly number[]).includes(v));
  const headsFallback = headsFor(dModel, base.numHeads);
  const numHeads = wholeNumber('h', headsFallback, (v) => validHeadCounts(dModel).includes(v));
  const seqLen = wholeNumber('n', base.seqLen, (v) => v >= SEQ_LEN_RANGE.min && v <= SEQ_LEN_RANGE.max);
  const numLayers = wholeNumber('L', base.numLayers, (v) => v >= LAYER_RANGE.min && v <= LAYER_RANGE.max);
  const seed = wholeNumber('seed', base.seed, (v) => v >= SEED_RANGE.min && v <= SEED_RANGE.max);
  const scaleRaw = choice('scale', base.scaleScores ? '1' : '0', ['1', '0']);
  const mask = choice<MaskMode>('mask', base.mask, MASK_MODES);
  const tie = choice<TieMode>('tie', base.tie, TIE_MODES);
  const positional = choice('pe', base.positional ? '1' : '0', ['1', '0']) === '1';
  const lesson = choice<LessonId>('lesson', defaults.lesson, LESSON_IDS);
  const probeDk = wholeNumber('dk', defaults.probeDk, (v) => (PROBE_DK_CHOICES as readonly number[]).includes(v));
  const tieValues = choice('tieV', tie === 'qkv' ? '1' : '0', ['1', '0']) === '1' || tie === 'qkv';
  const rawPaint = params.get('paint');
  let paintedMask = '1'.repeat(seqLen * seqLen);
  if (rawPaint !== null) {
    const decoded = seqLen <= MAX_URL_PAINTED_SEQ_LEN ? decodeMaskBits(rawPaint, seqLen) : null;
    if (decoded) paintedMask = decoded;
    else reject('paint', rawPaint, 'no cell masked');
  }
  const backend = choice<BackendPreference>('backend', defaults.backend, BACKEND_PREFERENCES);
  const lang = choice<Language>('lang', language, LANGUAGES);
  const layer = wholeNumber('layer', 1, (v) => v >= 1 && v <= numLayers) - 1;
  const head = wholeNumber('head', 1, (v) => v >= 1 && v <= numHeads) - 1;
  const view = choice<ViewMode>('view', defaults.view, VIEW_MODES);
  const theme = choice<ThemeChoice>('theme', defaults.theme, THEME_CHOICES);
  const fig = wholeNumber('fig', 1, (v) => v >= 1 && v <= MAX_FIGURE_PAGES) - 1;
  const weights = choice<WeightsChoice>('weights', defaults.weights, WEIGHTS_CHOICES);
  const rawText = params.get('text');
  const text = rawText === null ? defaults.text : rawText.slice(0, MAX_URL_TEXT);

  return {
    settings: {
      config: { dModel, numHeads, seqLen, numLayers, scaleScores: scaleRaw === '1', mask, tie, positional, seed },
      text,
      backend,
      layer,
      head,
      language: lang,
      lesson,
      probeDk,
      paintedMask,
      tieValues,
      view,
      theme,
      fig,
      weights,
      ...parseLessonSettings(reader, { dModel, seqLen, numLayers }),
    },
    notices,
  };
}

/** The URL query for these settings: only values that differ from the defaults. */
export function encodeSettings(settings: AppSettings, browserDefault: Language): string {
  const defaults = defaultSettings(browserDefault);
  const params = new URLSearchParams();
  const { config } = settings;
  const put = (key: string, value: string | number, fallback: string | number) => {
    if (value !== fallback) params.set(key, String(value));
  };
  put('text', settings.text.slice(0, MAX_URL_TEXT), defaults.text);
  put('d', config.dModel, defaults.config.dModel);
  put('h', config.numHeads, defaults.config.numHeads);
  put('n', config.seqLen, defaults.config.seqLen);
  put('L', config.numLayers, defaults.config.numLayers);
  put('scale', config.scaleScores ? 1 : 0, defaults.config.scaleScores ? 1 : 0);
  put('mask', config.mask, defaults.config.mask);
  put('tie', config.tie, defaults.config.tie);
  put('pe', config.positional ? 1 : 0, defaults.config.positional ? 1 : 0);
  if (config.tie !== 'qkv') put('tieV', settings.tieValues ? 1 : 0, 0);
  put('lesson', settings.lesson, defaults.lesson);
  put('dk', settings.probeDk, defaults.probeDk);
  const n = config.seqLen;
  if (config.mask === 'custom' && settings.paintedMask.includes('0') && n <= MAX_URL_PAINTED_SEQ_LEN) {
    params.set('paint', encodeMaskBits(resizePaintedMask(settings.paintedMask, n)));
  }
  put('seed', config.seed, defaults.config.seed);
  put('backend', settings.backend, defaults.backend);
  put('layer', settings.layer + 1, 1);
  put('head', settings.head + 1, 1);
  put('lang', settings.language, browserDefault);
  put('view', settings.view, defaults.view);
  put('theme', settings.theme, defaults.theme);
  put('fig', settings.fig + 1, 1);
  put('weights', settings.weights, defaults.weights);
  encodeLessonSettings(settings, put, params);
  const query = params.toString();
  return query ? `?${query}` : '';
}
