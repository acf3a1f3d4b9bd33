// Seeded, platform-independent random numbers for the weights. Generated in plain
// JavaScript (not by a backend's RNG) so every backend and the reference start from
// bit-identical float32 weights.

/** 32-bit FNV-1a hash of a string, to derive independent streams from names. */
export function hashString(text: string, start = 0x811c9dc5): number {
  let hash = start >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32: a small, fast generator with a 32-bit state; uniform in [0, 1). */
export function uniformGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** count standard-normal samples (Box–Muller), times scale, rounded to float32. */
export function normalSamples(seed: number, count: number, scale = 1): Float32Array {
  const uniform = uniformGenerator(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - uniform(); // (0, 1]: log stays finite
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = scale * radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = scale * radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** A stream seed for one named tensor, independent of every other name. */
export function streamSeed(seed: number, name: string): number {
  return hashString(name, hashString(String(seed >>> 0)));
}
