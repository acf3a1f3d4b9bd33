// The cost lesson's timing sweep, one worker call per n so each point can be drawn as soon
// as it is measured and a newer request (another backend, d_model or h) can take over
// between two calls. Pure control flow: the caller passes the function that times one n.
import type { AttentionTimingPoint, AttentionTimingResult } from '../model/attentionTiming';

export interface SweepState {
  points: AttentionTimingPoint[];
  /** The n being timed now (null when finished). */
  measuring: number | null;
  /** 1-based position of `measuring` in the list, and the list's length. */
  index: number;
  total: number;
  /** Why the sweep stopped before the end (budget, out of memory …), if it did. */
  failure: string | null;
  done: boolean;
  backend: string;
}

/**
 * Times `lengths` in order through `measureOne` (one n per call, passing the time the sweep
 * has spent so far), reporting the state after each call. Stops at the first failure, or
 * silently as soon as `isStale()` says a newer sweep has started (its results are ignored).
 */
export async function runSweep(
  lengths: readonly number[],
  measureOne: (n: number, alreadySpentMs: number) => Promise<AttentionTimingResult>,
  isStale: () => boolean,
  report: (state: SweepState) => void,
  now: () => number = () => performance.now(),
): Promise<void> {
  const start = now();
  const state: SweepState = { points: [], measuring: null, index: 0, total: lengths.length, failure: null, done: false, backend: '' };
  for (const [i, n] of lengths.entries()) {
    report({ ...state, measuring: n, index: i + 1 });
    const result = await measureOne(n, now() - start);
    if (isStale()) return;
    state.backend = result.backend;
    state.points = [...state.points, ...result.points];
    if (result.failure) {
      state.failure = result.failure;
      break;
    }
  }
  report({ ...state, measuring: null, index: state.total, done: true });
}
