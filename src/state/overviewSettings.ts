// The model overview's settings: the comparison, the followed token, the opened box and
// whether the controls are shown; their URL keys (prefixed `o`), strict parsing, clamping
// when the model shrinks, and the second model a comparison runs. lessonSettings.ts calls
// these with settings.ts's strict readers.
//
//   ocmp   off | pe | scale | mask | text   what the second run (B) changes
//   otext  B's text when ocmp=text           at most MAX_COMPARE_TEXT UTF-16 units
//   otok   followed token, 1-based           1 … n
//   obox   the opened box, a trace name      e.g. layers.0.attentionWeights (must exist for L)
//   oside  0 hides the controls              0 | 1

import type { ModelConfig } from '../model/config';
import { clampStageId, isStageId } from '../lessons/overviewStages';
import type { UrlReader, UrlWriter } from './lessonSettings';

export const COMPARE_MODES = ['off', 'pe', 'scale', 'mask', 'text'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** The comparison's default text: one character changed from the default input. */
export const DEFAULT_COMPARE_TEXT = '小模型是个潜力股';
/** As the main text in the URL (settings.ts's MAX_URL_TEXT). */
export const MAX_COMPARE_TEXT = 1000;

export interface OverviewSettings {
  compare: CompareMode;
  compareText: string;
  /** The followed token's position (0-based), or null. */
  token: number | null;
  /** The opened box (a stage id), or null. */
  box: string | null;
  /** The controls column shown (hidden, the picture takes the whole width). */
  side: boolean;
}

export function defaultOverviewSettings(): OverviewSettings {
  return { compare: 'off', compareText: DEFAULT_COMPARE_TEXT, token: null, box: null, side: true };
}

type ModelShape = Pick<ModelConfig, 'seqLen' | 'numLayers'>;

export function parseOverview(read: UrlReader, model: ModelShape): OverviewSettings {
  const d = defaultOverviewSettings();
  const rawText = read.raw('otext');
  let compareText = d.compareText;
  if (rawText !== null) {
    if (rawText.length <= MAX_COMPARE_TEXT) compareText = rawText;
    else read.reject('otext', rawText, d.compareText);
  }
  const token = read.wholeNumber('otok', 0, (v) => v >= 1 && v <= model.seqLen);
  const rawBox = read.raw('obox');
  let box: string | null = null;
  if (rawBox !== null) {
    if (isStageId(rawBox, model.numLayers)) box = rawBox;
    else read.reject('obox', rawBox, '—');
  }
  return {
    compare: read.choice('ocmp', d.compare, COMPARE_MODES),
    compareText,
    token: token === 0 ? null : token - 1,
    box,
    side: read.choice('oside', '1', ['1', '0']) === '1',
  };
}

export function encodeOverview(overview: OverviewSettings, put: UrlWriter): void {
  const d = defaultOverviewSettings();
  put('ocmp', overview.compare, d.compare);
  put('otext', overview.compareText.slice(0, MAX_COMPARE_TEXT), d.compareText);
  put('otok', overview.token === null ? 0 : overview.token + 1, 0);
  put('obox', overview.box ?? '', '');
  put('oside', overview.side ? 1 : 0, 1);
}

/** The followed token within n, the opened box within the layers; the same object when nothing moves. */
export function clampOverview(overview: OverviewSettings, model: ModelShape): OverviewSettings {
  const token = overview.token === null ? null : Math.min(overview.token, model.seqLen - 1);
  const box = overview.box === null ? null : clampStageId(overview.box, model.numLayers);
  return token === overview.token && box === overview.box ? overview : { ...overview, token, box };
}

/** The second run's config (B) for a comparison, or null when there is none. */
export function companionForOverview(config: ModelConfig, compare: CompareMode): ModelConfig | null {
  switch (compare) {
    case 'off':
      return null;
    case 'pe':
      return { ...config, positional: !config.positional };
    case 'scale':
      return { ...config, scaleScores: !config.scaleScores };
    case 'mask':
      // Causal against whatever is on (a painted mask included); causal against none.
      return { ...config, mask: config.mask === 'causal' ? 'none' : 'causal' };
    case 'text':
      return { ...config };
  }
}
