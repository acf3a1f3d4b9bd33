// Shared e2e helpers: the backend under test, loading the app and waiting until the
// screen shows the current settings' result, and collecting console errors.
import { test as base, expect, type Page } from '@playwright/test';
import type { BackendName } from '../src/model/backendNames';
import type { ExportDocument } from '../src/state/exportTrace';

export interface Options {
  backendName: BackendName;
}

export interface Fixtures {
  /** Console errors and uncaught exceptions seen by the page; each test asserts it stays empty. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures, Options>({
  backendName: ['wasm', { option: true, scope: 'worker' }],
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
    // The model worker's console too: its errors would not reach the page's.
    page.on('worker', (worker) =>
      worker.on('console', (message) => {
        if (message.type() === 'error') errors.push(`worker console.error: ${message.text()}`);
      }),
    );
    await use(errors);
  },
});

export { expect };

/** Wait until the app has computed and drawn exactly what its settings ask for. */
export async function waitSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => window.qkvLab?.settled() && window.qkvLab.backend() !== null, null, {
    timeout: 180_000,
  });
}

/** Tensors the page holds: the model worker's plus the quick lane's (see Playground.memory). */
export async function heldTensors(page: Page): Promise<number> {
  return (await page.evaluate(() => window.qkvLab.memory())).numTensors;
}

export async function openApp(page: Page, query: string): Promise<void> {
  await page.goto(`./?${query}`);
  await waitSettled(page);
}

export async function exportedDocument(page: Page): Promise<ExportDocument> {
  const document_ = await page.evaluate(() => window.qkvLab.exportDocument());
  if (!document_) throw new Error('nothing computed yet');
  return document_;
}

/** Largest difference between two exported traces (same tensors, same shapes). */
export function maxTraceDifference(before: ExportDocument, after: ExportDocument): number {
  expect(Object.keys(after.trace).sort()).toEqual(Object.keys(before.trace).sort());
  let worst = 0;
  for (const [name, tensor] of Object.entries(before.trace)) {
    const other = after.trace[name];
    expect(other.shape, name).toEqual(tensor.shape);
    tensor.data.forEach((value, index) => {
      const next = other.data[index];
      // Exported non-finite values are null; they must stay where they were.
      if (value === null || next === null) expect(next, `${name}[${index}]`).toBe(value);
      else worst = Math.max(worst, Math.abs(value - next));
    });
  }
  return worst;
}

/** A heatmap's cell image: a pixel per cell (or per max-pooled block), RGBA, row by row. */
export interface CellImage {
  rows: number;
  cols: number;
  rgba: number[];
}

/**
 * The cell images of the heatmap canvases that `selector` finds. A canvas with data-rows and
 * data-cols keeps its own pixel size (drawHeatmapAtSide): each cell is read at its centre.
 * Any other canvas holds exactly one pixel per cell.
 */
export async function cellImages(page: Page, selector: string): Promise<CellImage[]> {
  return page.evaluate((selector) => {
    return Array.from(document.querySelectorAll<HTMLCanvasElement>(selector), (canvas) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      if (canvas.dataset.rows === undefined) return { rows: canvas.height, cols: canvas.width, rgba: Array.from(pixels) };
      const rows = Number(canvas.dataset.rows);
      const cols = Number(canvas.dataset.cols);
      const rgba: number[] = [];
      for (let row = 0; row < rows; row++) {
        const y = Math.floor(((row + 0.5) * canvas.height) / rows);
        for (let col = 0; col < cols; col++) {
          const x = Math.floor(((col + 0.5) * canvas.width) / cols);
          rgba.push(...pixels.slice((y * canvas.width + x) * 4, (y * canvas.width + x) * 4 + 4));
        }
      }
      return { rows, cols, rgba };
    });
  }, selector);
}
