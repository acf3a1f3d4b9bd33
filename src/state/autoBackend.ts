// `auto` chooses the backend by measurement: the fastest one measured (warm) on a
// request of the size on screen, remembered per size range. Which backend wins depends
// on the machine and the size: on a software GPU WASM beats WebGPU at every size, on a
// real GPU WebGPU wins once the matrices are large.

import { BACKEND_ORDER, type BackendName } from '../model/backendNames';
import type { ModelConfig } from '../model/config';
import type { Measurement } from '../model/session';

/** Warm runs per backend in a calibration (after one cold run that compiles shaders). */
export const CALIBRATION_RUNS = 3;

export interface BackendTiming {
  backend: BackendName;
  /** Median of the warm runs, ms; absent when the backend failed. */
  medianMs?: number;
  failure?: string;
}

export interface AutoDecision {
  pick: BackendName;
  timings: BackendTiming[];
  /** The size it was measured at. */
  seqLen: number;
  dModel: number;
}

/** Size ranges that share a decision: sequence length and width each in a few bands. */
export function sizeRange(config: Pick<ModelConfig, 'seqLen' | 'dModel'>): string {
  const lengthBand = config.seqLen <= 16 ? 'n≤16' : config.seqLen <= 64 ? 'n≤64' : config.seqLen <= 192 ? 'n≤192' : 'n>192';
  const widthBand = config.dModel <= 64 ? 'd≤64' : 'd>64';
  return `${lengthBand},${widthBand}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The fastest backend by warm median; ties keep the chain order. When no measurement ran,
 * `inUse` (the backend that computed the screen) stays the pick.
 */
export function decide(measurements: Measurement[], config: Pick<ModelConfig, 'seqLen' | 'dModel'>, inUse: BackendName): AutoDecision {
  const timings: BackendTiming[] = measurements.map((measurement) =>
    measurement.times && measurement.times.length > 0
      ? { backend: measurement.backend, medianMs: median(measurement.times) }
      : { backend: measurement.backend, failure: measurement.failure ?? 'no measurement' },
  );
  const ran = timings
    .filter((timing) => timing.medianMs !== undefined)
    .sort((a, b) => a.medianMs! - b.medianMs! || BACKEND_ORDER.indexOf(a.backend) - BACKEND_ORDER.indexOf(b.backend));
  return {
    pick: ran[0]?.backend ?? inUse,
    timings: ran.concat(timings.filter((timing) => timing.failure)),
    seqLen: config.seqLen,
    dModel: config.dModel,
  };
}
