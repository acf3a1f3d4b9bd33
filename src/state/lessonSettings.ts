// The settings of the explorers of lessons 6–9 (position, norms, depth, cost): their
// defaults, their URL keys and the clamping of values that depend on others. settings.ts
// calls these with its own strict readers, so a bad value falls back to its default with
// one notice, as for the model's keys.
//
// URL keys are prefixed per lesson so they never clash with the model's (d, n, L, seed, …):
//   position  pd pn pbase pk pdim ppos pshuf
//   norms     ns (repeated, one per sentence) npad nmode ndist nch ntok
//   depth     sL sw sg sf sln sres sseed   (s: the stack of layers)
//   cost      cn cmax
//   longrange rn ri rj rw rseed   (r: range; ri, rj 1-based like the pair on screen)
//   train     tseed tab tin   (the runs' seed, run B's ablation, the digits of the prediction panel)

import { BASE_CHOICES, D_MODEL_CHOICES as PE_D_MODEL_CHOICES, OFFSET_CHOICES, POSITION_CHOICES } from '../lessons/positionReadouts';
import { DEFAULT_SENTENCES, MAX_SENTENCE_INPUT, MAX_SENTENCES, MIN_SENTENCES, padBatch } from '../lessons/normsReadouts';
import { ACTIVATIONS, DEPTH_CHOICES, DEPTH_SEED_CHOICES, GAIN_CHOICES, NORM_PLACEMENTS, WIDTH_CHOICES } from '../lessons/depthReadouts';
import { MAX_TIMED_CHOICES, N_CHOICES } from '../lessons/costModel';
import { LENGTH_CHOICES, LONG_RANGE_SEED_CHOICES, RECURRENT_SCALE_CHOICES } from '../lessons/longRangeReadouts';
import { ABLATIONS, DEFAULT_PROBE, TRAIN_LENGTH, TRAIN_SEED_CHOICES, type Ablation } from '../lessons/trainingReadouts';
import type { ModelConfig } from '../model/config';
import { clampOverview, defaultOverviewSettings, encodeOverview, parseOverview, type OverviewSettings } from './overviewSettings';

export interface PositionSettings {
  dModel: number;
  positions: number;
  base: number;
  offset: number;
  /** The picked cell of the PE table: dimension < dModel, pos < positions. */
  dimension: number;
  pos: number;
  /** The order experiment's shuffled comparison is open. */
  shuffled: boolean;
}

export interface NormsSettings {
  /** 1–6 sentences, each at most MAX_SENTENCE_INPUT code units; empty ones allowed. */
  texts: string[];
  excludePadding: boolean;
  mode: 'train' | 'inference';
  distributionOf: 'sentence' | 'token';
  /** The picked BatchNorm channel, < the model's d_model. */
  channel: number;
  /** The picked token (0-based sentence and position; 1-based in the URL and on screen). */
  token: { row: number; col: number };
}

export interface DepthSettings {
  depth: number;
  width: number;
  gain: number;
  activation: (typeof ACTIVATIONS)[number];
  norm: (typeof NORM_PLACEMENTS)[number];
  residual: boolean;
  seed: number;
}

export interface CostSettings {
  n: number;
  /** The largest n the sweep times. */
  maxTimedN: number;
}

export interface LongRangeSettings {
  /** Sequence length n of the path diagram and the readout. */
  n: number;
  /** The pair of tokens (0-based; 1-based in the URL and on screen), both < n. */
  from: number;
  to: number;
  /** Scale of the RNN's recurrent weights. */
  scale: number;
  seed: number;
}

export interface TrainSettings {
  /** The seed of both runs (weights and batches). */
  seed: number;
  /** What run B changes, or 'none' for a single run. */
  ablation: Ablation;
  /** The prediction panel's input: TRAIN_LENGTH digits. */
  probe: string;
}

export interface LessonSettings {
  position: PositionSettings;
  norms: NormsSettings;
  depth: DepthSettings;
  cost: CostSettings;
  longrange: LongRangeSettings;
  train: TrainSettings;
  /** The model overview (overviewSettings.ts). */
  overview: OverviewSettings;
}

export function defaultLessonSettings(): LessonSettings {
  return {
    position: { dModel: 64, positions: 64, base: 10000, offset: 1, dimension: 0, pos: 2, shuffled: false },
    norms: {
      texts: [...DEFAULT_SENTENCES],
      excludePadding: true,
      mode: 'train',
      distributionOf: 'sentence',
      channel: 0,
      token: { row: 0, col: 0 },
    },
    depth: { depth: 16, width: 128, gain: 1, activation: 'tanh', norm: 'none', residual: false, seed: 1 },
    cost: { n: 1024, maxTimedN: 1024 },
    longrange: { n: 32, from: 0, to: 31, scale: 1, seed: 1 },
    train: { seed: 1, ablation: 'none', probe: DEFAULT_PROBE },
    overview: defaultOverviewSettings(),
  };
}

/** settings.ts's strict readers: each returns the fallback (with one notice) for a bad value. */
export interface UrlReader {
  wholeNumber(key: string, fallback: number, allowed: (value: number) => boolean): number;
  choice<T extends string>(key: string, fallback: T, allowed: readonly T[]): T;
  /** Every value of a repeated key, in order. */
  all(key: string): string[];
  raw(key: string): string | null;
  reject(key: string, value: string, fallback: string | number | boolean): void;
}

/** Writes key=value unless value is the default. */
export type UrlWriter = (key: string, value: string | number, fallback: string | number) => void;

const among = (choices: readonly number[]) => (value: number) => choices.includes(value);
const flag = (read: UrlReader, key: string, fallback: boolean) => read.choice(key, fallback ? '1' : '0', ['1', '0']) === '1';

export function parseLessonSettings(read: UrlReader, model: Pick<ModelConfig, 'dModel' | 'seqLen' | 'numLayers'>): LessonSettings {
  return {
    position: parsePosition(read),
    norms: parseNorms(read, model.dModel),
    depth: parseDepth(read),
    cost: parseCost(read),
    longrange: parseLongRange(read),
    train: parseTrain(read),
    overview: parseOverview(read, model),
  };
}

function parsePosition(read: UrlReader): PositionSettings {
  const d = defaultLessonSettings().position;
  const dModel = read.wholeNumber('pd', d.dModel, among(PE_D_MODEL_CHOICES));
  const positions = read.wholeNumber('pn', d.positions, among(POSITION_CHOICES));
  return {
    dModel,
    positions,
    base: read.wholeNumber('pbase', d.base, among(BASE_CHOICES)),
    offset: read.wholeNumber('pk', d.offset, among(OFFSET_CHOICES)),
    // Position 2 does not exist for n ≤ 2: the default pick is then the last position.
    dimension: read.wholeNumber('pdim', Math.min(d.dimension, dModel - 1), (v) => v < dModel),
    pos: read.wholeNumber('ppos', Math.min(d.pos, positions - 1), (v) => v < positions),
    shuffled: flag(read, 'pshuf', d.shuffled),
  };
}

/** The sentences: all `ns` values, or the defaults (one notice) when too many or one too long. */
function parseTexts(read: UrlReader): string[] {
  const texts = read.all('ns');
  const fallback = DEFAULT_SENTENCES.join(' · ');
  if (texts.length === 0) return [...DEFAULT_SENTENCES];
  if (texts.length < MIN_SENTENCES || texts.length > MAX_SENTENCES) {
    read.reject('ns', `${texts.length} × ns`, fallback);
    return [...DEFAULT_SENTENCES];
  }
  const tooLong = texts.find((text) => text.length > MAX_SENTENCE_INPUT);
  if (tooLong !== undefined) {
    read.reject('ns', tooLong, fallback);
    return [...DEFAULT_SENTENCES];
  }
  return texts;
}

/** `ntok=s-p`, 1-based: sentence s, position p of the padded batch. */
function parseToken(read: UrlReader, texts: string[], fallback: NormsSettings['token']): NormsSettings['token'] {
  const raw = read.raw('ntok');
  if (raw === null) return fallback;
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
  const row = match ? Number(match[1]) - 1 : -1;
  const col = match ? Number(match[2]) - 1 : -1;
  if (row >= 0 && row < texts.length && col >= 0 && col < padBatch(texts).positions) return { row, col };
  read.reject('ntok', raw, `${fallback.row + 1}-${fallback.col + 1}`);
  return fallback;
}

function parseNorms(read: UrlReader, modelDModel: number): NormsSettings {
  const d = defaultLessonSettings().norms;
  const texts = parseTexts(read);
  return {
    texts,
    excludePadding: read.choice('npad', d.excludePadding ? 'out' : 'in', ['out', 'in']) === 'out',
    mode: read.choice('nmode', d.mode, ['train', 'inference']),
    distributionOf: read.choice('ndist', d.distributionOf, ['sentence', 'token']),
    channel: read.wholeNumber('nch', d.channel, (v) => v < modelDModel),
    token: parseToken(read, texts, d.token),
  };
}

function parseDepth(read: UrlReader): DepthSettings {
  const d = defaultLessonSettings().depth;
  return {
    depth: read.wholeNumber('sL', d.depth, among(DEPTH_CHOICES)),
    width: read.wholeNumber('sw', d.width, among(WIDTH_CHOICES)),
    // Gains are the slider's rounded values, written as JavaScript prints them (0.707, 1.189).
    gain: Number(read.choice('sg', String(d.gain), GAIN_CHOICES.map(String))),
    activation: read.choice('sf', d.activation, ACTIVATIONS),
    norm: read.choice('sln', d.norm, NORM_PLACEMENTS),
    residual: flag(read, 'sres', d.residual),
    seed: read.wholeNumber('sseed', d.seed, among(DEPTH_SEED_CHOICES)),
  };
}

function parseCost(read: UrlReader): CostSettings {
  const d = defaultLessonSettings().cost;
  return {
    n: read.wholeNumber('cn', d.n, among(N_CHOICES)),
    maxTimedN: read.wholeNumber('cmax', d.maxTimedN, among(MAX_TIMED_CHOICES)),
  };
}

function parseLongRange(read: UrlReader): LongRangeSettings {
  const d = defaultLessonSettings().longrange;
  const n = read.wholeNumber('rn', d.n, among(LENGTH_CHOICES));
  // 1-based in the URL; the default pair (first, last) follows n.
  const token = (key: string, fallback: number) => read.wholeNumber(key, fallback + 1, (v) => v >= 1 && v <= n) - 1;
  return {
    n,
    from: token('ri', Math.min(d.from, n - 1)),
    to: token('rj', Math.min(d.to, n - 1)),
    scale: Number(read.choice('rw', String(d.scale), RECURRENT_SCALE_CHOICES.map(String))),
    seed: read.wholeNumber('rseed', d.seed, among(LONG_RANGE_SEED_CHOICES)),
  };
}

function parseTrain(read: UrlReader): TrainSettings {
  const d = defaultLessonSettings().train;
  const raw = read.raw('tin');
  const valid = raw !== null && new RegExp(`^[0-9]{${TRAIN_LENGTH}}$`).test(raw);
  if (raw !== null && !valid) read.reject('tin', raw, d.probe);
  return {
    seed: read.wholeNumber('tseed', d.seed, among(TRAIN_SEED_CHOICES)),
    ablation: read.choice('tab', d.ablation, ABLATIONS),
    probe: valid ? raw : d.probe,
  };
}

/** Writes the lessons' keys that differ from their defaults (`ns` once per sentence). */
export function encodeLessonSettings(lessons: LessonSettings, put: UrlWriter, params: URLSearchParams): void {
  const d = defaultLessonSettings();
  const bit = (value: boolean) => (value ? 1 : 0);
  const { position: p, norms: nm, depth: st, cost: c } = lessons;
  put('pd', p.dModel, d.position.dModel);
  put('pn', p.positions, d.position.positions);
  put('pbase', p.base, d.position.base);
  put('pk', p.offset, d.position.offset);
  put('pdim', p.dimension, Math.min(d.position.dimension, p.dModel - 1));
  put('ppos', p.pos, Math.min(d.position.pos, p.positions - 1));
  put('pshuf', bit(p.shuffled), bit(d.position.shuffled));

  const sameTexts = nm.texts.length === d.norms.texts.length && nm.texts.every((text, i) => text === d.norms.texts[i]);
  // One key per sentence: any text (commas, newlines, emoji) round-trips, with no separator to escape.
  if (!sameTexts) for (const text of nm.texts) params.append('ns', text);
  put('npad', nm.excludePadding ? 'out' : 'in', d.norms.excludePadding ? 'out' : 'in');
  put('nmode', nm.mode, d.norms.mode);
  put('ndist', nm.distributionOf, d.norms.distributionOf);
  put('nch', nm.channel, d.norms.channel);
  put('ntok', `${nm.token.row + 1}-${nm.token.col + 1}`, `${d.norms.token.row + 1}-${d.norms.token.col + 1}`);

  put('sL', st.depth, d.depth.depth);
  put('sw', st.width, d.depth.width);
  put('sg', String(st.gain), String(d.depth.gain));
  put('sf', st.activation, d.depth.activation);
  put('sln', st.norm, d.depth.norm);
  put('sres', bit(st.residual), bit(d.depth.residual));
  put('sseed', st.seed, d.depth.seed);

  put('cn', c.n, d.cost.n);
  put('cmax', c.maxTimedN, d.cost.maxTimedN);

  const r = lessons.longrange;
  put('rn', r.n, d.longrange.n);
  put('ri', r.from + 1, Math.min(d.longrange.from, r.n - 1) + 1);
  put('rj', r.to + 1, Math.min(d.longrange.to, r.n - 1) + 1);
  put('rw', String(r.scale), String(d.longrange.scale));
  put('rseed', r.seed, d.longrange.seed);

  put('tseed', lessons.train.seed, d.train.seed);
  put('tab', lessons.train.ablation, d.train.ablation);
  put('tin', lessons.train.probe, d.train.probe);

  encodeOverview(lessons.overview, put);
}

/**
 * Picks that point into something another setting sizes, kept inside it (as clampView does
 * for layer and head): the PE cell within d_model × n, the norms channel within the model's
 * d_model, the norms token within the batch, the overview's token within n and box within the layers. Returns the same object when nothing moves.
 */
export function clampLessonPicks(lessons: LessonSettings, model: Pick<ModelConfig, 'dModel' | 'seqLen' | 'numLayers'>): LessonSettings {
  const modelDModel = model.dModel;
  const { position, norms } = lessons;
  const overview = clampOverview(lessons.overview, model);
  const dimension = Math.min(position.dimension, position.dModel - 1);
  const pos = Math.min(position.pos, position.positions - 1);
  const channel = Math.min(norms.channel, modelDModel - 1);
  const row = Math.min(norms.token.row, norms.texts.length - 1);
  const col = Math.min(norms.token.col, batchPositions(norms.texts) - 1);
  const positionMoved = dimension !== position.dimension || pos !== position.pos;
  const normsMoved = channel !== norms.channel || row !== norms.token.row || col !== norms.token.col;
  const longrange = clampLongRange(lessons.longrange);
  if (!positionMoved && !normsMoved && overview === lessons.overview && longrange === lessons.longrange) return lessons;
  return {
    ...lessons,
    longrange,
    overview,
    position: positionMoved ? { ...position, dimension, pos } : position,
    norms: normsMoved ? { ...norms, channel, token: { row, col } } : norms,
  };
}

// Every settings change clamps the picks, a slider drag 60 times a second: the norms batch's
// width is tokenized again only when its sentences change.
let lastBatch: { key: string; positions: number } | null = null;
function batchPositions(texts: readonly string[]): number {
  const key = texts.join('\u0000');
  if (lastBatch?.key !== key) lastBatch = { key, positions: padBatch(texts).positions };
  return lastBatch.positions;
}

/** The long-range pair within the sequence length (the same object when it already is). */
function clampLongRange(settings: LongRangeSettings): LongRangeSettings {
  const from = Math.min(settings.from, settings.n - 1);
  const to = Math.min(settings.to, settings.n - 1);
  return from === settings.from && to === settings.to ? settings : { ...settings, from, to };
}
