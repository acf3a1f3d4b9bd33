import { describe, expect, it } from 'vitest';
import { pngSize } from './rasterize';
import { exportFileName } from './exportFigure';

describe('pngSize', () => {
  it('multiplies the CSS size by the scale', () => {
    expect(pngSize(600, 400, 1)).toEqual({ width: 600, height: 400 });
    expect(pngSize(600, 400, 4)).toEqual({ width: 2400, height: 1600 });
  });

  it('shrinks what no canvas could hold, keeping the aspect ratio', () => {
    const size = pngSize(8000, 1000, 4);
    expect(size.width).toBeLessThanOrEqual(16384);
    expect(size.width / size.height).toBeCloseTo(8, 2);
  });
});

describe('exportFileName', () => {
  it('names each kind deterministically', () => {
    expect(exportFileName('playground', 'attention-weights', 'png1')).toBe('qkv-playground-attention-weights.png');
    expect(exportFileName('playground', 'attention-weights', 'png2')).toBe('qkv-playground-attention-weights-2x.png');
    expect(exportFileName('playground', 'attention-weights', 'png4')).toBe('qkv-playground-attention-weights-4x.png');
    expect(exportFileName('scaling', 'jacobian', 'svg')).toBe('qkv-scaling-jacobian.svg');
    expect(exportFileName('scaling', 'jacobian', 'json')).toBe('qkv-scaling-jacobian.json');
  });
});
