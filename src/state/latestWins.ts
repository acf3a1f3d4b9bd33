// Runs one async job at a time. Requests arriving while a job runs are coalesced: only
// the newest waits, older ones are dropped. Results arrive in order, so the screen never
// goes back to an older state.
//
// An idle runner starts at once (on a microtask, once the code that asked has finished, so
// a burst of requests from one handler still runs only its last): a slider step's input reaches the model without waiting for a frame, and
// its result can paint in the very next one. A request that had to wait for a running job
// starts on the next animation frame, after that job's result has had its chance to paint.

export class LatestWinsRunner<Request, Result> {
  private pending: Request | null = null;
  private running = false;
  private startScheduled = false;

  constructor(
    private readonly job: (request: Request) => Promise<Result>,
    private readonly onResult: (result: Result, request: Request) => void,
    private readonly onError: (error: unknown, request: Request) => void,
    /** Schedules a start that waited for a running job: one per animation frame in the browser. */
    private readonly nextFrame: (callback: () => void) => void = (callback) => requestAnimationFrame(callback),
    /** Schedules a start from idle: once the current task's requests are all in. */
    private readonly soon: (callback: () => void) => void = (callback) => queueMicrotask(callback),
  ) {}

  /** Ask for a run with this request; replaces any request that has not started yet. */
  request(request: Request): void {
    this.pending = request;
    if (this.running || this.startScheduled) return;
    this.scheduleStart(this.soon);
  }

  /** True while a job runs or one is waiting. */
  get busy(): boolean {
    return this.running || this.pending !== null;
  }

  private scheduleStart(schedule: (callback: () => void) => void): void {
    this.startScheduled = true;
    schedule(() => {
      this.startScheduled = false;
      void this.drain();
    });
  }

  /** Run the newest request, then, if another came meanwhile, wait a frame (so the result paints) and go on. */
  private async drain(): Promise<void> {
    const request = this.pending;
    if (this.running || request === null) return;
    this.pending = null;
    this.running = true;
    try {
      this.onResult(await this.job(request), request);
    } catch (error) {
      this.onError(error, request);
    } finally {
      this.running = false;
    }
    if (this.pending !== null && !this.startScheduled) this.scheduleStart(this.nextFrame);
  }
}
