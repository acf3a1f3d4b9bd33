// The checkpoint file: written and read back bit for bit, each error key from a concrete
// broken file, and no input (truncated files, random JSON) makes the reader throw.
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, parseCheckpoint, serializeCheckpoint, type Checkpoint, type CheckpointErrorKey } from './checkpoint';
import { decodeBase64, encodeBase64 } from './base64';
import { DEFAULT_TRAINER_CONFIG, initialWeights, weightShapes, type TrainerConfig } from './modelSpec';
import { DEFAULT_VARIANT } from './variant';

function checkpointOf(config: TrainerConfig): Checkpoint {
  const weights = initialWeights(config);
  // Awkward float32 values: ±0, subnormals, the largest finite, one bit above 1.
  weights.readoutBias.set([-0, 1e-45, -3.4028234663852886e38, 1.0000001192092896, Math.fround(Math.PI)]);
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config, steps: 12, createdBy: 'checkpoint.test.ts', heldOut: { seed: 1, size: 8, loss: 0.5, token: 0.75, sequence: 0.25 }, weights };
}

/** The serialized default checkpoint as a JSON object, changed by `edit`, as text. */
function broken(edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(serializeCheckpoint(checkpointOf(DEFAULT_TRAINER_CONFIG)));
  edit(json);
  return JSON.stringify(json);
}

function expectError(text: string, key: CheckpointErrorKey, detail?: RegExp): void {
  const result = parseCheckpoint(text);
  expect('error' in result ? result.error.key : 'parsed').toBe(key);
  if (detail && 'error' in result) expect(result.error.detail).toMatch(detail);
}

describe('base64', () => {
  it('round-trips every length and byte value, and matches known text', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 13) & 255);
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
    expect(encodeBase64(new TextEncoder().encode('any carnal pleas'))).toBe('YW55IGNhcm5hbCBwbGVhcw==');
    expect(encodeBase64(new TextEncoder().encode('any carnal pleasu'))).toBe('YW55IGNhcm5hbCBwbGVhc3U=');
    for (const bad of ['abc', 'ab=c', '====', 'a===', 'ab!d', 'ab\ncd==']) expect(decodeBase64(bad), bad).toBeNull();
  });
});

describe('checkpoint', () => {
  it('round-trips every weight bit for bit, for every variant', () => {
    const variants = [DEFAULT_VARIANT, { ...DEFAULT_VARIANT, tiedQK: true }, { ...DEFAULT_VARIANT, norm: 'batch' as const, scaled: false, residual: false }];
    for (const variant of variants) {
      const original = checkpointOf({ ...DEFAULT_TRAINER_CONFIG, layers: 2, variant });
      const text = serializeCheckpoint(original);
      const result = parseCheckpoint(text);
      if (!('checkpoint' in result)) throw new Error(result.error.detail);
      const { weights, ...rest } = result.checkpoint;
      const { weights: originalWeights, ...originalRest } = original;
      expect(rest).toEqual(originalRest);
      expect(Object.keys(weights)).toEqual(weightShapes(original.config).map(([name]) => name));
      for (const name of Object.keys(originalWeights)) {
        const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
        expect(bits(weights[name]), name).toEqual(bits(originalWeights[name]));
      }
      expect(serializeCheckpoint(result.checkpoint)).toBe(text);
    }
  });

  it('names what is wrong in each kind of broken file', () => {
    expectError('{"format": "qkv-lab/reverse-checkpoint", ', 'checkpointNotJson');
    expectError('[1, 2]', 'checkpointWrongFormat');
    expectError(broken((j) => (j.format = 'something-else')), 'checkpointWrongFormat', /format "something-else"/);
    expectError(broken((j) => (j.version = 2)), 'checkpointWrongVersion', /^version 2, this app reads 1$/);
    expectError(broken((j) => (j.config.dModel = 33)), 'checkpointBadConfig', /dModel 33 is not divisible by config.heads 2/);
    expectError(broken((j) => (j.config.layers = 0)), 'checkpointBadConfig', /config.layers 0/);
    expectError(broken((j) => (j.config.learningRate = '0.003')), 'checkpointBadConfig', /learningRate/);
    expectError(broken((j) => (j.config.variant.norm = 'group')), 'checkpointBadConfig', /config.variant.norm "group"/);
    expectError(broken((j) => delete j.config.variant.tiedQK), 'checkpointBadConfig', /tiedQK/);
    expectError(broken((j) => (j.heldOut.token = 1.5)), 'checkpointWrongFormat', /heldOut.token/);
    expectError(broken((j) => delete j.weights['layers.0.value']), 'checkpointMissingWeight', /^layers.0.value missing$/);
    expectError(broken((j) => (j.weights['layers.0.norm1.mean'] = j.weights.readoutBias)), 'checkpointMissingWeight', /layers.0.norm1.mean: not a weight/);
    // A tied checkpoint has no key weight: the default file's key is then one too many.
    expectError(broken((j) => (j.config.variant.tiedQK = true)), 'checkpointMissingWeight', /layers.0.key/);
    expectError(broken((j) => (j.weights['layers.0.query'].shape = [32, 16])), 'checkpointWrongShape', /^layers.0.query: shape \[32, 16\], expected \[32, 32\]$/);
    expectError(broken((j) => (j.config.dModel = 16)), 'checkpointWrongShape', /embedding: shape \[10, 32\], expected \[10, 16\]/);
    expectError(broken((j) => (j.weights.readoutBias.data = j.weights.readoutBias.data.slice(0, -8))), 'checkpointBadData', /readoutBias: \d+ bytes, expected 40/);
    expectError(broken((j) => (j.weights.readoutBias.data = '%%%%')), 'checkpointBadData', /not valid base64/);
    expectError(broken((j) => (j.weights.readoutBias.data = 7)), 'checkpointBadData', /readoutBias/);
    const nan = encodeBase64(new Uint8Array([0, 0, 0xc0, 0x7f, ...new Uint8Array(36)]));
    expectError(broken((j) => (j.weights.readoutBias.data = nan)), 'checkpointBadData', /readoutBias: value 0 is NaN/);
  });

  it('never throws: truncated files and random JSON give an error, not an exception', () => {
    const text = serializeCheckpoint(checkpointOf(DEFAULT_TRAINER_CONFIG));
    for (let cut = 0; cut < text.length; cut += 97) expect(() => parseCheckpoint(text.slice(0, cut))).not.toThrow();
    // A seeded stream of random JSON values, and random edits of the real file.
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = [null, true, 0, -1, 1e400, 'x', '', [], {}, [1, 2], { shape: [2] }, 'AAAA', NaN];
    const pick = () => values[Math.floor(random() * values.length)];
    const randomJson = (depth: number): unknown => {
      if (depth === 0 || random() < 0.3) return pick();
      if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth - 1));
      const keys = ['format', 'version', 'config', 'weights', 'heldOut', 'steps', 'shape', 'data', 'variant', 'dModel'];
      return Object.fromEntries(keys.filter(() => random() < 0.4).map((key) => [key, randomJson(depth - 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const json = JSON.stringify(randomJson(4)) ?? 'undefined';
      const result = parseCheckpoint(json);
      expect('error' in result).toBe(true);
    }
    const paths: ((j: Record<string, any>) => void)[] = [
      (j) => (j.config = pick()),
      (j) => (j.config.variant = pick()),
      (j) => (j.config.heads = pick()),
      (j) => (j.heldOut = pick()),
      (j) => (j.weights = pick()),
      (j) => (j.weights.embedding = pick()),
      (j) => (j.weights.embedding.shape = pick()),
      (j) => (j.weights.embedding.data = pick()),
      (j) => (j.steps = pick()),
    ];
    for (let i = 0; i < 200; i++) {
      const text = broken(paths[Math.floor(random() * paths.length)]);
      expect(() => parseCheckpoint(text)).not.toThrow();
    }
  });
});
