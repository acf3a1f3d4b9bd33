import { describe, expect, it } from 'vitest';
import { clampView, fitAll, fitWidth, panBy, revealRect, zoomAt, ZOOM_RANGE } from './panZoom';

const world = { width: 1200, height: 1800 };
const viewport = { width: 700, height: 500 };

describe('panZoom', () => {
  it('zooms about a point: the world point under it stays under it', () => {
    const view = { x: 20, y: -100, zoom: 0.5 };
    const point = { x: 300, y: 200 };
    const under = { x: (point.x - view.x) / view.zoom, y: (point.y - view.y) / view.zoom };
    const zoomed = zoomAt(view, 1.25, point.x, point.y, world, viewport);
    expect(zoomed.zoom).toBeCloseTo(0.625, 12);
    expect(zoomed.x + under.x * zoomed.zoom).toBeCloseTo(point.x, 9);
    expect(zoomed.y + under.y * zoomed.zoom).toBeCloseTo(point.y, 9);
  });

  it('keeps the zoom within its range', () => {
    let view = fitAll(world, viewport);
    for (let i = 0; i < 40; i++) view = zoomAt(view, 1.25, 350, 250, world, viewport);
    expect(view.zoom).toBe(ZOOM_RANGE.max);
    for (let i = 0; i < 80; i++) view = zoomAt(view, 0.8, 350, 250, world, viewport);
    expect(view.zoom).toBe(ZOOM_RANGE.min);
  });

  it('never pans the world out of sight', () => {
    let view = fitWidth(world, viewport);
    view = panBy(view, 10_000, 10_000, world, viewport);
    expect(view.x).toBeLessThan(viewport.width);
    expect(view.y).toBeLessThan(viewport.height);
    view = panBy(view, -50_000, -50_000, world, viewport);
    expect(view.x + world.width * view.zoom).toBeGreaterThan(0);
    expect(view.y + world.height * view.zoom).toBeGreaterThan(0);
    // A pan inside the limits is exact.
    const middle = { x: -100, y: -300, zoom: 0.6 };
    expect(clampView(middle, world, viewport)).toEqual(middle);
    expect(panBy(middle, 30, -40, world, viewport)).toEqual({ x: -70, y: -340, zoom: 0.6 });
  });

  it('fits the whole world, or its width from the top', () => {
    const all = fitAll(world, viewport);
    expect(world.width * all.zoom).toBeLessThanOrEqual(viewport.width);
    expect(world.height * all.zoom).toBeLessThanOrEqual(viewport.height);
    expect(all.x).toBeGreaterThanOrEqual(0);
    const width = fitWidth(world, viewport);
    expect(world.width * width.zoom).toBeLessThanOrEqual(viewport.width);
    expect(width.zoom).toBeGreaterThan(all.zoom);
    expect(width.y).toBeGreaterThanOrEqual(0);
    // A small world is not blown up past 1 to fill the width.
    expect(fitWidth({ width: 200, height: 100 }, viewport).zoom).toBe(1);
  });

  it('brings a box into view, and leaves one that is visible where it is', () => {
    const view = { x: 0, y: 0, zoom: 1 };
    expect(revealRect(view, { x: 10, y: 10, width: 100, height: 50 }, world, viewport)).toBe(view);
    const moved = revealRect(view, { x: 900, y: 1200, width: 150, height: 100 }, world, viewport);
    expect(moved.x + 1050 * moved.zoom).toBeLessThanOrEqual(viewport.width);
    expect(moved.y + 1300 * moved.zoom).toBeLessThanOrEqual(viewport.height);
    expect(moved.x + 900).toBeGreaterThanOrEqual(0);
  });
});
