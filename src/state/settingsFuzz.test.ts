// Hostile URLs: every parameter the app reads, given seeded random garbage (random bytes,
// huge, negative, fractional, NaN, exponent forms, markup, repeated keys). Parsing never
// throws; every rejected value gets exactly one notice and its default; every value that
// was valid is kept (second test); the result always passes the model's own validation and round-trips.
import { describe, expect, it } from 'vitest';
import { defaultSettings, encodeSettings, parseSettings, type AppSettings } from './settings';
import { MAX_SENTENCE_INPUT, MAX_SENTENCES, MIN_SENTENCES, padBatch } from '../lessons/normsReadouts';
import { validateConfig } from '../model/config';
import { isStageId } from '../lessons/overviewStages';

const MODEL_KEYS = ['text', 'd', 'h', 'n', 'L', 'scale', 'mask', 'tie', 'pe', 'tieV', 'lesson', 'dk', 'paint', 'seed', 'backend', 'layer', 'head', 'lang'];
/** The explorers of lessons 6–9 (lessonSettings.ts); `ns` is repeated once per sentence. */
const LESSON_KEYS = ['pd', 'pn', 'pbase', 'pk', 'pdim', 'ppos', 'pshuf', 'ns', 'npad', 'nmode', 'ndist', 'nch', 'ntok', 'sL', 'sw', 'sg', 'sf', 'sln', 'sres', 'sseed', 'cn', 'cmax', 'ocmp', 'otext', 'otok', 'obox', 'oside'];
const KEYS = [...MODEL_KEYS, ...LESSON_KEYS];

/** A small seeded generator (xorshift32), so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick };
}

function garbage(random: ReturnType<typeof generator>): string {
  const kinds = [
    () => String.fromCharCode(...Array.from({ length: 1 + Math.floor(random.next() * 40) }, () => Math.floor(random.next() * 0xffff))),
    () => String(Math.floor(random.next() * 1e12)),
    () => String(-Math.floor(random.next() * 1000)),
    () => (random.next() * 100).toFixed(3),
    () => random.pick(['NaN', 'Infinity', '-0', '1e3', '0x10', ' 8', '8 ', '', '00008', '9'.repeat(400), 'true', 'null', '[]', '{}']),
    () => random.pick(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '%00', '\u202E', '👩🏽‍💻']),
    // A valid-looking value of another key.
    () => random.pick(['64', '4', '8', '2', '1', '0', 'causal', 'qk', 'scaling', 'webgl', 'zh', 'AAAA']),
    () => random.pick(['10000', '1024', '100', 'in', 'out', 'inference', 'token', 'relu', 'pre', '1.189', '0.5', '1-2', '3-9', '0-0', 'a,b\nc']),
  ];
  return random.pick(kinds)();
}

/** Every lesson pick points inside what sizes it (the same bounds the lessons draw). */
function expectLessonPicksInside(settings: AppSettings): void {
  const { position, norms } = settings;
  expect(position.dimension).toBeLessThan(position.dModel);
  expect(position.pos).toBeLessThan(position.positions);
  expect(norms.texts.length).toBeGreaterThanOrEqual(MIN_SENTENCES);
  expect(norms.texts.length).toBeLessThanOrEqual(MAX_SENTENCES);
  for (const text of norms.texts) expect(text.length).toBeLessThanOrEqual(MAX_SENTENCE_INPUT);
  expect(norms.channel).toBeLessThan(settings.config.dModel);
  expect(norms.token.row).toBeLessThan(norms.texts.length);
  expect(norms.token.col).toBeLessThan(padBatch(norms.texts).positions);
  expect(Number.isFinite(settings.depth.gain)).toBe(true);
  const { overview } = settings;
  if (overview.token !== null) expect(overview.token).toBeLessThan(settings.config.seqLen);
  if (overview.box !== null) expect(isStageId(overview.box, settings.config.numLayers)).toBe(true);
}

describe('URL settings codec under hostile input', () => {
  it('never throws, gives each replaced value one notice, and round-trips what it accepted (2,000 seeded URLs)', () => {
    let rejected = 0;
    let sentencesKept = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = generator(seed);
      const params = new URLSearchParams();
      const used = KEYS.filter(() => random.next() < 0.5);
      for (const key of used) {
        params.append(key, garbage(random));
        // A repeated key: the first counts, except `ns`, where each is a sentence.
        const repeats = key === 'ns' ? Math.floor(random.next() * 8) : random.next() < 0.1 ? 1 : 0;
        for (let r = 0; r < repeats; r++) params.append(key, garbage(random));
      }
      if (random.next() < 0.2) params.append(garbage(random), garbage(random)); // unknown key
      const query = `?${params.toString()}`;
      let parsed: ReturnType<typeof parseSettings>;
      try {
        parsed = parseSettings(query, 'en');
      } catch (error) {
        throw new Error(`seed ${seed}: parseSettings threw on ${query}: ${String(error)}`);
      }
      const { settings, notices } = parsed;
      expect(validateConfig(settings.config), `seed ${seed}: ${query}`).toEqual([]);
      expect(settings.layer).toBeGreaterThanOrEqual(0);
      expect(settings.layer).toBeLessThan(settings.config.numLayers);
      expect(settings.head).toBeGreaterThanOrEqual(0);
      expect(settings.head).toBeLessThan(settings.config.numHeads);
      expect(settings.paintedMask).toHaveLength(settings.config.seqLen ** 2);
      expectLessonPicksInside(settings);
      if (params.has('ns') && !notices.some((notice) => notice.key === 'ns')) sentencesKept++;
      // One notice at most per key, only for keys that were in the URL, each showing a bounded value.
      const noticed = notices.map((notice) => notice.key);
      expect(new Set(noticed).size).toBe(noticed.length);
      for (const notice of notices) {
        expect(used).toContain(notice.key);
        expect(notice.value.length).toBeLessThanOrEqual(41);
      }
      rejected += notices.length;
      // What was accepted is written back and read again the same, without notices.
      const again = parseSettings(encodeSettings(settings, 'en'), 'en');
      expect(again.notices, `seed ${seed}: ${query}`).toEqual([]);
      // A painted mask travels only while the painted mode is on (settings.ts), so compare it then.
      const comparable = (value: typeof settings) =>
        value.config.mask === 'custom' ? value : { ...value, paintedMask: '' };
      expect(comparable(again.settings)).toEqual(comparable(settings));
    }
    // The garbage is mostly rejected: the test really exercises the fallbacks.
    expect(rejected).toBeGreaterThan(5000);
    // … and hostile sentences that fit are kept (and round-tripped above), not only rejected.
    expect(sentencesKept).toBeGreaterThan(100);
  });

  it('a single bad value changes only its own setting', () => {
    const good = '?d=128&h=8&n=12&L=3&mask=causal&seed=7&lang=zh&lesson=norms';
    const base = parseSettings(good, 'en').settings;
    for (const [key, bad] of [['d', '13'], ['n', '-4'], ['L', '1e1'], ['mask', '<b>'], ['seed', 'NaN'], ['lesson', 'nope']] as const) {
      const params = new URLSearchParams(good);
      params.set(key, bad);
      const { settings, notices } = parseSettings(`?${params}`, 'en');
      expect(notices.map((notice) => notice.key)).toEqual([key]);
      const defaults = defaultSettings('en');
      if (key === 'lesson') expect(settings.lesson).toBe(defaults.lesson);
      else expect(settings.language).toBe(base.language);
      // h = 8 still divides the default d_model, so it is kept even when d is rejected.
      expect(settings.config.numHeads).toBe(base.config.numHeads);
    }
  });
});
