import { describe, expect, it } from 'vitest';
import { precacheManifest, shouldPrecache } from './precacheManifest';

const file = (path: string, text = path) => ({ path, content: new TextEncoder().encode(text) });

describe('the precache manifest', () => {
  it('keeps the app, lesson chunks, worker, WASM, woff2 fonts, icons and manifest; leaves out sw.js and old font formats', () => {
    const manifest = precacheManifest([
      file('sw.js'),
      file('index.html'),
      file('assets/index-abc.js'),
      file('assets/NormsLesson-x1.js'),
      file('assets/modelWorker-y2.js'),
      file('assets/tfjs-backend-wasm-simd-z3.wasm'),
      file('assets/KaTeX_Main-Regular-a.woff2'),
      file('assets/KaTeX_Main-Regular-b.woff'),
      file('assets/KaTeX_Main-Regular-c.ttf'),
      file('assets/NotoSansSC-Regular-subset-d.woff2'),
      file('icons/icon-192.png'),
      file('manifest.webmanifest'),
    ]);
    expect(manifest.files).toEqual([
      'assets/KaTeX_Main-Regular-a.woff2',
      'assets/NormsLesson-x1.js',
      'assets/NotoSansSC-Regular-subset-d.woff2',
      'assets/index-abc.js',
      'assets/modelWorker-y2.js',
      'assets/tfjs-backend-wasm-simd-z3.wasm',
      'icons/icon-192.png',
      'index.html',
      'manifest.webmanifest',
    ]);
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes its version when any precached file changes, and only then', () => {
    const base = [file('index.html', 'a'), file('assets/x.js', 'b'), file('assets/y.ttf', 'c')];
    const version = precacheManifest(base).version;
    expect(precacheManifest([...base].reverse()).version).toBe(version);
    expect(precacheManifest([base[0], base[1], file('assets/y.ttf', 'changed')]).version).toBe(version);
    expect(precacheManifest([base[0], file('assets/x.js', 'changed'), base[2]]).version).not.toBe(version);
    expect(precacheManifest([file('index2.html', 'a'), base[1], base[2]]).version).not.toBe(version);
  });

  it('never precaches itself', () => {
    expect(shouldPrecache('sw.js')).toBe(false);
    expect(shouldPrecache('assets/sw.js')).toBe(true);
  });
});
