import { describe, expect, it } from 'vitest';
import { gradientChart, pathDiagram } from './longRangeCharts';

describe('long-range figures', () => {
  it('draws n tokens, n(n − 1)/2 arcs, and the RNN path as the |i − j| links between i and j', () => {
    const diagram = pathDiagram(10, 7, 2, 500, 20, 120, 200, 80);
    expect(diagram.tokenX).toHaveLength(10);
    expect(diagram.tokenX[0]).toBe(20);
    expect(diagram.tokenX[9]).toBe(480);
    expect(diagram.allArcs.match(/M/g)).toHaveLength(45);
    expect(diagram.links.filter((link) => link.onPath)).toHaveLength(5);
    expect(diagram.links.map((link, t) => (link.onPath ? t : -1)).filter((t) => t >= 0)).toEqual([2, 3, 4, 5, 6]);
    expect(pathDiagram(10, 4, 4, 500, 20, 120, 200, 80).pairArc).toBe('');
  });

  it('keeps the arcs inside their reach above the token row', () => {
    const diagram = pathDiagram(64, 0, 63, 800, 20, 120, 200, 80);
    const controlYs = [...diagram.allArcs.matchAll(/Q[\d.]+,(-?[\d.]+)/g)].map((match) => Number(match[1]));
    // A quadratic Bézier peaks half-way to its control point: 2·reach above the row at most.
    expect(Math.min(...controlYs)).toBeGreaterThanOrEqual(120 - diagram.radius - 2 * 80 - 1e-9);
  });

  it('puts both curves on one log axis and breaks a line at 0 (float32 underflow)', () => {
    const lengths = [2, 3, 4, 5];
    const chart = gradientChart(lengths, [1, 0.5, 0.3, 0.2], [1, 1e-3, 0, 1e-8], 4, 400, 200, { left: 50, right: 10, top: 10, bottom: 30 });
    expect(chart.attentionPath.match(/[ML]/g)).toEqual(['M', 'L', 'L', 'L']);
    expect(chart.rnnPath.match(/[ML]/g)).toEqual(['M', 'L', 'M']);
    expect(chart.marker.rnnY).toBeNull();
    expect(chart.marker.attentionY).not.toBeNull();
    expect(chart.yTicks.map((tick) => tick.label)).toContain('1e-8');
    expect(chart.yTicks.map((tick) => tick.label)).toContain('1e0');
  });
});
