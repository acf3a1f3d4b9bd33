import { describe, expect, it } from 'vitest';
import { layerChart } from './depthCharts';

const MARGIN = { left: 40, right: 10, top: 10, bottom: 30 };
const sixteen = [{ values: Array.from({ length: 16 }, (_, i) => 2 ** i) }];
const labels = (maxXTicks?: number) => layerChart(sixteen, 400, 200, MARGIN, true, maxXTicks).xTicks.map((tick) => tick.label);

describe('layerChart x ticks', () => {
  it('labels every other layer of 16 by default (at most 8 ticks)', () => {
    expect(labels()).toEqual(['1', '3', '5', '7', '9', '11', '13', '15']);
  });

  it('labels fewer layers when fewer ticks fit (large type on a narrow chart)', () => {
    expect(labels(4)).toEqual(['1', '5', '9', '13']);
    expect(labels(0)).toEqual(['1']);
  });

  it('puts the first and last layer at the plot edges', () => {
    const { xTicks } = layerChart(sixteen, 400, 200, MARGIN, true, 16);
    expect(xTicks[0].x).toBe(MARGIN.left);
    expect(xTicks[xTicks.length - 1].x).toBe(400 - MARGIN.right);
  });
});
