// Runs one async job at a time. Requests arriving while a job runs are coalesced: only
// the newest waits, older ones are dropped. Results arrive in order, so the screen never
// goes back to an older state.
//
// Pacing: at most one start per animation frame. A request after a quiet spell starts at
// once (within the same task, so a burst of synchronous updates still coalesces) rather
// than waiting for the next frame: that wait would add up to a whole frame of latency.

export interface RunnerOptions {
  /** Schedules a start on the next animation frame. */
  schedule?: (callback: () => void) => void;
  /** Clock in ms. */
  now?: () => number;
  /**
   * Wait for a frame between a result and the next start. Needed when jobs run on the
   * main thread (the result must get a chance to paint); a worker needs no such gap.
   */
  frameBetweenJobs?: boolean;
}

const FRAME_MS = 1000 / 60;

export class LatestWinsRunner<Request, Result> {
  private pending: Request | null = null;
  private running = false;
  private startScheduled = false;
  private lastStart = -Infinity;
  private readonly schedule: (callback: () => void) => void;
  private readonly now: () => number;
  private readonly frameBetweenJobs: boolean;

  constructor(
    private readonly job: (request: Request) => Promise<Result>,
    private readonly onResult: (result: Result, request: Request) => void,
    private readonly onError: (error: unknown, request: Request) => void,
    options: RunnerOptions = {},
  ) {
    this.schedule = options.schedule ?? ((callback) => requestAnimationFrame(() => callback()));
    this.now = options.now ?? (() => performance.now());
    this.frameBetweenJobs = options.frameBetweenJobs ?? true;
  }

  /** Ask for a run with this request; replaces any request that has not started yet. */
  request(request: Request): void {
    this.pending = request;
    if (this.running || this.startScheduled) return;
    this.startScheduled = true;
    if (this.now() - this.lastStart >= FRAME_MS) queueMicrotask(() => this.start());
    else this.schedule(() => this.start());
  }

  /** True while a job runs or one is waiting. */
  get busy(): boolean {
    return this.running || this.pending !== null;
  }

  private start(): void {
    this.startScheduled = false;
    void this.drain();
  }

  /** Run the newest request; if another came meanwhile, go on with it (after a frame if asked). */
  private async drain(): Promise<void> {
    const request = this.pending;
    if (this.running || request === null) return;
    this.pending = null;
    this.running = true;
    this.lastStart = this.now();
    try {
      this.onResult(await this.job(request), request);
    } catch (error) {
      this.onError(error, request);
    } finally {
      this.running = false;
    }
    if (this.pending === null || this.startScheduled) return;
    this.startScheduled = true;
    if (this.frameBetweenJobs || this.now() - this.lastStart < FRAME_MS) this.schedule(() => this.start());
    else this.start();
  }
}
