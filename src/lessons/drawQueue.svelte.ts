// The overview draws dozens of canvases per forward pass (a large model: hundreds of
// thousands of cells each). Drawing them all in one task would hold the page for a few
// hundred ms on every step of a slider drag; instead each canvas's latest drawing waits in
// this queue and the queue runs, in order, for a few ms per animation frame. A newer
// drawing of the same canvas replaces the waiting one (latest wins), so a drag never
// draws a result that is already stale.

/** Milliseconds of drawing per frame before the rest waits for the next one. */
const FRAME_BUDGET_MS = 10;

export class DrawQueue {
  private readonly waiting = new Map<object, () => void>();
  private frameRequested = false;
  /** Drawings still waiting: 0 when every canvas shows its latest data. */
  pending = $state(0);

  constructor(
    private readonly schedule: (callback: () => void) => void = (callback) => requestAnimationFrame(callback),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queue a canvas's drawing, replacing the one it has waiting. */
  request(target: object, draw: () => void): void {
    this.waiting.delete(target); // re-inserted at the end: the order is the order of the latest requests
    this.waiting.set(target, draw);
    this.pending = this.waiting.size;
    this.requestFrame();
  }

  /** Drop a canvas's waiting drawing (it left the page). */
  cancel(target: object): void {
    if (this.waiting.delete(target)) this.pending = this.waiting.size;
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.schedule(() => {
      this.frameRequested = false;
      this.run();
    });
  }

  private run(): void {
    const started = this.now();
    try {
      for (const [target, draw] of this.waiting) {
        this.waiting.delete(target);
        draw();
        if (this.now() - started >= FRAME_BUDGET_MS) break;
      }
    } finally {
      // Also after a drawing threw: the others still get their frames.
      this.pending = this.waiting.size;
      if (this.waiting.size > 0) this.requestFrame();
    }
  }
}

/** The overview's one queue: its boxes and its opened panel share the frame budget. */
export const overviewDraws = new DrawQueue();

/**
 * The playground's head thumbnails of a long sequence (8 × 512 × 512 cells to max-pool):
 * drawn in the frames after the large map, so no result holds the page for long.
 */
export const thumbnailDraws = new DrawQueue();
