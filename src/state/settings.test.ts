import { describe, expect, it } from 'vitest';
import { encodeSettings, headsFor, parseSettings, defaultSettings, DEFAULT_TEXT } from './settings';

describe('URL settings codec', () => {
  it('round-trips every setting', () => {
    const settings = {
      ...defaultSettings('en'),
      text: '我爱学习 & more',
      config: { dModel: 128, numHeads: 8, seqLen: 12, numLayers: 3, scaleScores: false, mask: 'custom' as const, tie: 'qk' as const, positional: false, seed: 7 },
      backend: 'webgl' as const,
      layer: 2,
      head: 5,
      language: 'zh' as const,
      lesson: 'masking' as const,
      probeDk: 256,
      // A 12 × 12 mask with a diagonal of masked cells and one fully masked row.
      paintedMask: Array.from({ length: 144 }, (_, index) => (index % 13 === 0 || (index >= 24 && index < 36) ? '0' : '1')).join(''),
      tieValues: true,
    };
    const { settings: parsed, notices } = parseSettings(encodeSettings(settings, 'en'), 'en');
    expect(notices).toEqual([]);
    expect(parsed).toEqual(settings);
  });

  it('rejects a painted mask of the wrong size or alphabet with a notice', () => {
    for (const paint of ['AAAA', '!!!!!!!!!!!', 'A'.repeat(10) + 'B']) {
      const { settings, notices } = parseSettings(`?n=8&paint=${paint}`, 'en');
      expect(settings.paintedMask).toBe('1'.repeat(64));
      expect(notices.map((notice) => notice.key)).toEqual(['paint']);
    }
  });

  it('writes nothing for the defaults', () => {
    expect(encodeSettings(defaultSettings('en'), 'en')).toBe('');
    expect(parseSettings('', 'zh').settings).toEqual(defaultSettings('zh'));
    expect(parseSettings('', 'zh').settings.text).toBe(DEFAULT_TEXT);
  });

  it('replaces malformed and out-of-range values by defaults, one notice each, keeping the rest', () => {
    const { settings, notices } = parseSettings(
      '?d=12&h=-1&n=1e3&L=99&scale=yes&mask=<script>&seed=NaN&backend=cuda&layer=0&head=x&lang=fr&n=5&text=ok&unknown=1',
      'en',
    );
    expect(notices.map((notice) => notice.key).sort()).toEqual(
      ['L', 'backend', 'd', 'h', 'head', 'lang', 'layer', 'mask', 'n', 'scale', 'seed'].sort(),
    );
    expect(settings.config).toEqual(defaultSettings('en').config);
    expect(settings.text).toBe('ok');
    expect(notices.find((notice) => notice.key === 'mask')?.value).toBe('<script>');
  });

  it('never accepts a head count that does not divide d_model', () => {
    expect(parseSettings('?d=8&h=16', 'en').settings.config.numHeads).toBe(4);
    expect(parseSettings('?d=8&h=8', 'en').settings.config.numHeads).toBe(8);
    expect(headsFor(16, 16)).toBe(16);
    expect(headsFor(8, 16)).toBe(8);
  });

  it('keeps layer and head within the model and cuts huge text', () => {
    const { settings } = parseSettings(`?L=2&layer=3&h=2&head=2&text=${'a'.repeat(5000)}`, 'en');
    expect(settings.layer).toBe(0);
    expect(settings.head).toBe(1);
    expect(settings.text.length).toBe(1000);
  });
});
