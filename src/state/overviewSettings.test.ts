import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { clampPicks, encodeSettings, parseSettings } from './settings';
import { companionForOverview, DEFAULT_COMPARE_TEXT, MAX_COMPARE_TEXT } from './overviewSettings';

describe('overview URL settings', () => {
  it('reads and writes every key, and only what differs from the defaults', () => {
    const query = '?lesson=overview&L=3&ocmp=text&otext=我爱学习&otok=3&obox=layers.2.attentionWeights&oside=0';
    const { settings, notices } = parseSettings(query, 'en');
    expect(notices).toEqual([]);
    expect(settings.overview).toEqual({ compare: 'text', compareText: '我爱学习', token: 2, box: 'layers.2.attentionWeights', side: false });
    const again = parseSettings(encodeSettings(settings, 'en'), 'en');
    expect(again.settings.overview).toEqual(settings.overview);
    const defaults = parseSettings('?lesson=overview', 'en').settings;
    expect(encodeSettings(defaults, 'en')).toBe('?lesson=overview');
    expect(defaults.overview).toEqual({ compare: 'off', compareText: DEFAULT_COMPARE_TEXT, token: null, box: null, side: true });
  });

  it('rejects bad values one by one, with a notice each, keeping the rest', () => {
    const bad = [
      ['ocmp', 'both'],
      ['otok', '0'],
      ['otok', '9'], // n = 8
      ['otok', '1.5'],
      ['obox', 'layers.2.keys'], // only 2 layers
      ['obox', 'layers.0.input'],
      ['obox', '<img src=x>'],
      ['oside', 'yes'],
      ['otext', 'x'.repeat(MAX_COMPARE_TEXT + 1)],
    ];
    for (const [key, value] of bad) {
      const params = new URLSearchParams({ lesson: 'overview', ocmp: 'pe', [key]: value });
      if (key === 'ocmp') params.set('otok', '2');
      const { settings, notices } = parseSettings(`?${params}`, 'en');
      expect(notices.map((notice) => notice.key), `${key}=${value}`).toEqual([key]);
      if (key !== 'ocmp') expect(settings.overview.compare).toBe('pe');
      else expect(settings.overview.token).toBe(1);
    }
    // Text up to the limit, any characters, is kept as it is.
    const text = '<b>&amp;' + 'é'.repeat(10);
    expect(parseSettings(`?otext=${encodeURIComponent(text)}`, 'en').settings.overview.compareText).toBe(text);
  });

  it('follows the model when it shrinks: the token within n, the box within the layers', () => {
    const { settings } = parseSettings('?L=4&n=16&otok=12&obox=layers.3.norm2.output', 'en');
    const shrunk = clampPicks({ ...settings, config: { ...settings.config, numLayers: 2, seqLen: 5 } });
    expect(shrunk.overview.token).toBe(4);
    expect(shrunk.overview.box).toBe('layers.1.norm2.output');
    expect(clampPicks(settings).overview).toBe(settings.overview);
  });
});

describe('companionForOverview', () => {
  it('flips PE, scaling or the mask; keeps the model for another text; none when off', () => {
    const config = { ...DEFAULT_CONFIG };
    expect(companionForOverview(config, 'off')).toBeNull();
    expect(companionForOverview(config, 'pe')).toEqual({ ...config, positional: false });
    expect(companionForOverview({ ...config, positional: false }, 'pe')).toEqual({ ...config, positional: true });
    expect(companionForOverview(config, 'scale')).toEqual({ ...config, scaleScores: false });
    expect(companionForOverview(config, 'mask')).toEqual({ ...config, mask: 'causal' });
    expect(companionForOverview({ ...config, mask: 'causal' }, 'mask')).toEqual({ ...config, mask: 'none' });
    expect(companionForOverview({ ...config, mask: 'padding' }, 'mask')).toEqual({ ...config, mask: 'causal' });
    expect(companionForOverview(config, 'text')).toEqual(config);
  });
});
