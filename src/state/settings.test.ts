import { describe, expect, it } from 'vitest';
import { clampPicks, encodeSettings, headsFor, parseSettings, defaultSettings, DEFAULT_TEXT } from './settings';
import { GAIN_CHOICES } from '../lessons/depthReadouts';

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

  it('parses and writes projector mode and the theme strictly', () => {
    const { settings, notices } = parseSettings('?view=projector&theme=dark', 'en');
    expect([settings.view, settings.theme, notices]).toEqual(['projector', 'dark', []]);
    expect(encodeSettings(settings, 'en')).toBe('?view=projector&theme=dark');
    const bad = parseSettings('?view=big&theme=Dark', 'en');
    expect([bad.settings.view, bad.settings.theme]).toEqual(['normal', 'auto']);
    expect(bad.notices).toEqual([
      { key: 'view', value: 'big', fallback: 'normal' },
      { key: 'theme', value: 'Dark', fallback: 'auto' },
    ]);
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

describe('URL settings of the lessons 6–9 explorers', () => {
  /** Sentences that need escaping: separators, newlines, markup, ZWJ emoji, RTL, empty. */
  const HOSTILE_SENTENCES = ['a,b;c', '第一行\n第二行', '<b>&amp;</b>=+%20', '👩🏽‍💻 e\u0301', '\u202Eabc', ''];

  function everyLessonChanged() {
    const settings = defaultSettings('en');
    return {
      ...settings,
      position: { dModel: 128, positions: 256, base: 100, offset: 16, dimension: 127, pos: 255, shuffled: true },
      norms: {
        texts: [...HOSTILE_SENTENCES],
        excludePadding: false,
        mode: 'inference' as const,
        distributionOf: 'token' as const,
        channel: 63,
        token: { row: 3, col: 2 },
      },
      depth: { depth: 64, width: 256, gain: GAIN_CHOICES[3], activation: 'relu' as const, norm: 'pre' as const, residual: true, seed: 50 },
      cost: { n: 2048, maxTimedN: 256 },
      longrange: { n: 48, from: 46, to: 3, scale: 2.5, seed: 7 },
    };
  }

  it('round-trips every lesson key, with one `ns` per sentence', () => {
    const settings = everyLessonChanged();
    const query = encodeSettings(settings, 'en');
    const keys = [...new URLSearchParams(query).keys()];
    expect(new Set(keys)).toEqual(
      new Set(['pd', 'pn', 'pbase', 'pk', 'pdim', 'ppos', 'pshuf', 'ns', 'npad', 'nmode', 'ndist', 'nch', 'ntok', 'sL', 'sw', 'sg', 'sf', 'sln', 'sres', 'sseed', 'cn', 'cmax', 'rn', 'ri', 'rj', 'rw', 'rseed']),
    );
    expect(keys.filter((key) => key === 'ns')).toHaveLength(HOSTILE_SENTENCES.length);
    const { settings: parsed, notices } = parseSettings(query, 'en');
    expect(notices).toEqual([]);
    expect(parsed).toEqual(settings);
  });

  it('writes only the lesson values that differ from their defaults', () => {
    const settings = defaultSettings('en');
    expect(encodeSettings({ ...settings, depth: { ...settings.depth, gain: 1.189 } }, 'en')).toBe('?sg=1.189');
    expect(encodeSettings({ ...settings, norms: { ...settings.norms, mode: 'inference' } }, 'en')).toBe('?nmode=inference');
    expect(encodeSettings({ ...settings, position: { ...settings.position, pos: 7 } }, 'en')).toBe('?ppos=7');
    // The default sentences are not written, one changed sentence writes all of them.
    const texts = ['大模型是个潜力股', '我恨学习', '注意力'];
    expect(new URLSearchParams(encodeSettings({ ...settings, norms: { ...settings.norms, texts } }, 'en')).getAll('ns')).toEqual(texts);
  });

  it('replaces each bad lesson value by its default with one notice, keeping the rest', () => {
    const bad = {
      pd: '12', pn: '1e3', pbase: '10000.0', pk: '-1', pdim: 'x', ppos: '99999', pshuf: 'yes',
      npad: 'maybe', nmode: 'eval', ndist: '<b>', nch: '64', ntok: '1,1',
      sL: '65', sw: '100', sg: '1.19', sf: 'swish', sln: 'both', sres: '2', sseed: '0',
      cn: '4096', cmax: '16',
      rn: '65', ri: '0', rj: '33', rw: '1.3', rseed: '9',
    };
    const { settings, notices } = parseSettings(`?${new URLSearchParams(bad)}&ns=a&ns=b`, 'en');
    const defaults = defaultSettings('en');
    expect(notices.map((notice) => notice.key).sort()).toEqual(Object.keys(bad).sort());
    expect(settings.position).toEqual(defaults.position);
    expect(settings.depth).toEqual(defaults.depth);
    expect(settings.cost).toEqual(defaults.cost);
    expect(settings.longrange).toEqual(defaults.longrange);
    // The good values beside them are kept.
    expect(settings.norms).toEqual({ ...defaults.norms, texts: ['a', 'b'] });
    // A repeated key (other than ns) counts once: its first value.
    const repeated = parseSettings('?sL=8&sL=65&cn=64&cn=4096', 'en');
    expect(repeated.notices).toEqual([]);
    expect(repeated.settings.depth.depth).toBe(8);
    expect(repeated.settings.cost.n).toBe(64);
  });

  it('keeps the long-range pair inside n: the default pair follows n, a token past n is refused', () => {
    expect(parseSettings('?rn=8', 'en').settings.longrange).toMatchObject({ n: 8, from: 0, to: 7 });
    expect(encodeSettings(parseSettings('?rn=8', 'en').settings, 'en')).toBe('?rn=8');
    const past = parseSettings('?rn=8&ri=3&rj=9', 'en');
    expect(past.notices.map((notice) => notice.key)).toEqual(['rj']);
    expect(past.settings.longrange).toMatchObject({ n: 8, from: 2, to: 7 });
    expect(parseSettings('?rn=2&ri=2&rj=1', 'en').settings.longrange).toMatchObject({ n: 2, from: 1, to: 0 });
    for (const bad of ['rn=1', 'rn=2.0', 'rn=+8', 'ri=1e1', 'rw=0.25', 'rw=3', 'rseed=0']) {
      expect(parseSettings(`?${bad}`, 'en').notices.map((notice) => notice.key)).toEqual([bad.split('=')[0]]);
    }
  });

  it('accepts 1–6 sentences of up to 48 code units, else the default batch with one notice', () => {
    const sentences = (texts: string[]) => texts.map((text) => `ns=${encodeURIComponent(text)}`).join('&');
    const emoji = '😀'.repeat(24); // 48 UTF-16 code units, as the input's maxlength counts
    expect(parseSettings(`?${sentences([emoji])}`, 'en').settings.norms.texts).toEqual([emoji]);
    for (const texts of [Array(7).fill('x'), ['ok', 'y'.repeat(49)], [`${emoji}a`]]) {
      const { settings, notices } = parseSettings(`?${sentences(texts)}&nmode=inference`, 'en');
      expect(notices.map((notice) => notice.key)).toEqual(['ns']);
      expect(settings.norms.texts).toEqual(defaultSettings('en').norms.texts);
      expect(settings.norms.mode).toBe('inference');
    }
  });

  it('keeps dependent picks inside what sizes them', () => {
    // In the URL: a pick past its range is rejected (as layer and head are).
    const picks = parseSettings('?pd=8&pdim=8&pn=2&ppos=2&d=16&nch=16&ns=ab&ns=c&ntok=2-3', 'en');
    expect(picks.notices.map((notice) => notice.key).sort()).toEqual(['nch', 'ntok', 'pdim', 'ppos']);
    // n = 2 has no position 2: the default pick is the last position, and is not written back.
    expect(picks.settings.position.pos).toBe(1);
    expect(encodeSettings(picks.settings, 'en')).not.toContain('ppos');
    expect(parseSettings('?pd=8&pdim=7&pn=2&ppos=1&d=16&nch=15&ns=ab&ns=c&ntok=2-2', 'en').notices).toEqual([]);

    // After a change: the picks follow (clampPicks, which Playground.update applies).
    const settings = everyLessonChanged();
    const smaller = clampPicks({
      ...settings,
      config: { ...settings.config, dModel: 16, numHeads: 4 },
      position: { ...settings.position, dModel: 8, positions: 4 },
      norms: { ...settings.norms, texts: ['ab'] },
    });
    expect(smaller.position).toMatchObject({ dimension: 7, pos: 3 });
    expect(smaller.norms).toMatchObject({ channel: 15, token: { row: 0, col: 1 } });
    // Nothing to clamp: the very same object, so nothing that reads it reruns.
    expect(clampPicks(settings)).toBe(settings);
  });
});

describe('the figure page (fig)', () => {
  it('is 1-based in the URL, 0-based inside, and written only when not the first', () => {
    const { settings, notices } = parseSettings('?view=projector&lesson=scaling&fig=3', 'en');
    expect(notices).toEqual([]);
    expect(settings.fig).toBe(2);
    expect(encodeSettings(settings, 'en')).toContain('fig=3');
    expect(encodeSettings({ ...settings, fig: 0 }, 'en')).not.toContain('fig');
  });
  it('replaces a malformed or out-of-range page by the first, with a notice', () => {
    for (const raw of ['0', '10', '2x', '-1', '1.5', '']) {
      const { settings, notices } = parseSettings(`?fig=${raw}`, 'en');
      expect(settings.fig).toBe(0);
      expect(notices.map((notice) => notice.key)).toEqual(['fig']);
    }
  });
});

describe('the playground weights (weights)', () => {
  it('reads trained, writes it back, and leaves seeded out of the URL', () => {
    const { settings, notices } = parseSettings('?weights=trained&text=314159', 'en');
    expect(notices).toEqual([]);
    expect(settings.weights).toBe('trained');
    expect(encodeSettings(settings, 'en')).toContain('weights=trained');
    expect(encodeSettings({ ...settings, weights: 'seeded' }, 'en')).not.toContain('weights');
  });
  it('falls back to seeded weights for anything else, with a notice', () => {
    for (const raw of ['', 'Trained', 'checkpoint', '1']) {
      const { settings, notices } = parseSettings(`?weights=${raw}`, 'en');
      expect(settings.weights).toBe('seeded');
      expect(notices.map((notice) => notice.key)).toEqual(['weights']);
    }
  });
});
