import { describe, expect, it } from 'vitest';
import { curveChart, logDomain, logTicks, lossDomain } from './trainingCharts';

const margin = { top: 10, right: 10, bottom: 40, left: 50 };
const options = { minSteps: 100, yFormat: (v: number) => v.toFixed(1), maxXTicks: 5, maxYTicks: 5 };

describe('training curves', () => {
  it('puts step 0 on the left edge and the last step on the right, values on a linear axis', () => {
    const chart = curveChart([{ points: [[0, 2], [200, 0]] }], [0, 2], 300, 200, margin, options);
    expect(chart.paths[0]).toBe('M50,10L290,160');
    expect(chart.ends[0]).toEqual({ x: 290, y: 160 });
  });

  it('keeps at least minSteps on the x axis so the first steps do not fill the width', () => {
    const chart = curveChart([{ points: [[0, 1], [10, 1]] }], [0, 2], 300, 200, margin, options);
    expect(chart.ends[0]!.x).toBeCloseTo(50 + 240 * 0.1, 9);
  });

  it('clamps values above the axis to its top and says where the chance line is', () => {
    const chart = curveChart([{ points: [[0, 9]] }, { points: [] }], [0, 3], 300, 200, margin, { ...options, reference: Math.log(10) });
    expect(chart.ends[0]!.y).toBe(10);
    expect(chart.ends[1]).toBeNull();
    expect(chart.paths[1]).toBe('');
    expect(chart.referenceY).toBeCloseTo(160 - (150 * Math.log(10)) / 3, 9);
    expect(curveChart([], [0, 1], 300, 200, margin, { ...options, reference: 2 }).referenceY).toBeNull();
  });

  it('loss axis: at least the chance loss, rounded up to half units, capped', () => {
    expect(lossDomain([], Math.log(10))).toEqual([0, 3]);
    expect(lossDomain([2.9, 1], Math.log(10))).toEqual([0, 3.5]);
    expect(lossDomain([Number.NaN, 1e9], 1)).toEqual([0, 20]);
  });
});

describe('log loss axis', () => {
  it('ticks read plainly: decades when the range is wide, 1-2-5 or every mantissa when narrow', () => {
    expect(logTicks([0.3, 32], 5)).toEqual([1, 10]);
    expect(logTicks([0.3, 32], 8)).toEqual([0.5, 1, 2, 5, 10, 20]);
    expect(logTicks([0.7, 1.3], 5)).toEqual([0.7, 0.8, 0.9, 1]);
    expect(logTicks([1e-6, 1e6], 4)).toEqual([1e-6, 1e-2, 100, 1e6]);
  });
  it('puts a value ten times larger a fixed distance higher, and clamps to the domain', () => {
    const chart = curveChart([{ points: [[0, 1], [50, 10], [100, 100]] }, { points: [[0, 1e-9]] }], [1, 100], 300, 200, margin, { ...options, logY: true });
    expect(chart.paths[0]).toBe('M50,160L170,85L290,10');
    expect(chart.ends[1]).toEqual({ x: 50, y: 160 });
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['1.0', '10.0', '100.0']);
  });
  it('domain: a little room around the positive values', () => {
    expect(logDomain([0.4, 25, Number.NaN, 0, -1])).toEqual([0.32, 31.25]);
    expect(logDomain([])).toEqual([0.1, 10]);
  });
});
