// Runs one async job at a time. Requests arriving while a job runs are coalesced: only
// the newest waits, older ones are dropped. Results arrive in order, so the screen never
// goes back to an older state.

export class LatestWinsRunner<Request, Result> {
  private pending: Request | null = null;
  private running = false;
  private frameRequested = false;

  constructor(
    private readonly job: (request: Request) => Promise<Result>,
    private readonly onResult: (result: Result, request: Request) => void,
    private readonly onError: (error: unknown, request: Request) => void,
    /** Schedules the start: one per animation frame in the browser. */
    private readonly schedule: (callback: () => void) => void = (callback) => requestAnimationFrame(callback),
  ) {}

  /** Ask for a run with this request; replaces any request that has not started yet. */
  request(request: Request): void {
    this.pending = request;
    if (this.running || this.frameRequested) return;
    this.frameRequested = true;
    this.schedule(() => {
      this.frameRequested = false;
      void this.drain();
    });
  }

  /** True while a job runs or one is waiting. */
  get busy(): boolean {
    return this.running || this.pending !== null;
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
    if (this.pending !== null && !this.frameRequested) {
      this.frameRequested = true;
      this.schedule(() => {
        this.frameRequested = false;
        void this.drain();
      });
    }
  }
}
