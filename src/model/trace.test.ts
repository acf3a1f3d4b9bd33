import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { listTraceTensors, traceFromNamed, traceTensor } from './trace';
import { tokenize } from './tokenizer';
import { createWeights } from './weights';
import { referenceForward } from '../reference/referenceTransformer';

const config = { ...DEFAULT_CONFIG, numLayers: 2 };
const { tokens, isPadding } = tokenize('注意力', config.seqLen);
const trace = referenceForward({ config, tokens, isPadding }, createWeights(config.seed, config.dModel, config.numLayers));

describe('trace names', () => {
  it('traceTensor finds every tensor listTraceTensors names, by identity', () => {
    const listed = listTraceTensors(trace);
    expect(listed.length).toBe(4 + 2 * 21 + 3);
    for (const { name, tensor } of listed) expect(traceTensor(trace, name), name).toBe(tensor);
  });

  it('traceFromNamed is the inverse of listTraceTensors', () => {
    const byName = new Map(listTraceTensors(trace).map(({ name, tensor }) => [name, tensor]));
    const rebuilt = traceFromNamed(2, (name) => byName.get(name)!);
    for (const { name, tensor } of listTraceTensors(rebuilt)) expect(tensor, name).toBe(byName.get(name));
  });

  it('traceTensor refuses names the trace does not have', () => {
    for (const name of ['layers.2.keys', 'layers.0.norm1', 'layers.0.nothing', 'finalNorm', 'finalNorm.gain', 'weights', '']) {
      expect(() => traceTensor(trace, name), name).toThrow(/no tensor/);
    }
  });
});
