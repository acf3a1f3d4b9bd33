// The position probe (TF.js, cpu backend, in Node) against the Float64 formula.
// Tolerances, float32 on the device vs float64:
//   PE table and M_k·PE(pos) − PE(pos+k): 1e-6 absolute. The reduced angle is off by ≈ 2e-7
//     rad and the polynomial and rotation round to float32 (6e-8 a step); measured ≈ 2.5e-7
//     and ≈ 5e-7 at n = 1024, d = 512. (Float32 pos·ω into sin, the "native" table, costs
//     5.7e-5 there on cpu, from the rounding of the angle alone.)
//   PE·PEᵀ: 1e-6 · d/2, relative to its largest entry d/2 (a sum of d float32 products;
//     measured 2.9e-5 of 256 at d = 512).
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf';
import { runPositionProbe } from './positionProbe';
import { sinCosOfAngles, splitFrequency } from './float32Trig';
import { frequencies, similarityByOffset, similarityMatrix, encodingTable } from '../reference/positionReference';

const TOLERANCE = 1e-6;

async function expectWithinTolerance(positions: number, dModel: number, base: number, offset: number) {
  const result = await runPositionProbe({ positions, dModel, base, offset });
  expect(result.backend).toBe('cpu');
  expect(result.input).toEqual({ positions, dModel, base, offset });
  expect(result.tableError).toBeLessThan(TOLERANCE);
  // Float32 pos·ω alone is off by up to half an ulp of the angle (3e-5 near 1000 rad).
  expect(result.nativeTableError).toBeLessThan(1e-4);
  expect(result.rotationError).not.toBeNull();
  expect(result.rotationError!).toBeLessThan(TOLERANCE);
  expect(result.similarityError).toBeLessThan(TOLERANCE * (dModel / 2));
  return result;
}

describe('position probe vs Float64 formula (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('splits every ω into a 12-bit head, so pos·ω_hi is exact in float32 up to pos 2047', () => {
    for (const base of [10, 10000, 100000]) {
      for (const omega of frequencies(512, base)) {
        const { hi, lo } = splitFrequency(omega);
        expect(hi + lo).toBe(omega);
        expect(Math.abs(lo)).toBeLessThanOrEqual(omega * 2 ** -12);
        expect(Math.fround(2047 * hi)).toBe(2047 * hi);
      }
    }
  });

  it('sin and cos from + − × are within 3e-7 for whole positions up to 2047', async () => {
    const omegas = [1, 0.9647, 0.5, 0.1234567, 1e-2, 3e-3, 1e-4];
    const split = omegas.map(splitFrequency);
    const positions = Array.from({ length: 2048 }, (_, p) => p);
    const [sin, cos] = tf.tidy(() => {
      const result = sinCosOfAngles(
        tf.tensor2d(positions, [positions.length, 1]),
        tf.tensor2d(split.map((s) => s.hi), [1, omegas.length]),
        tf.tensor2d(split.map((s) => s.lo), [1, omegas.length]),
      );
      return [result.sin, result.cos];
    });
    const [sinData, cosData] = [await sin.data(), await cos.data()];
    tf.dispose([sin, cos]);
    let worst = 0;
    positions.forEach((p) =>
      omegas.forEach((omega, i) => {
        const at = p * omegas.length + i;
        worst = Math.max(worst, Math.abs(sinData[at] - Math.sin(p * omega)), Math.abs(cosData[at] - Math.cos(p * omega)));
      }),
    );
    expect(worst).toBeLessThan(3e-7);
  });

  it('S by offset equals PE·PEᵀ', () => {
    const n = 20;
    const full = similarityMatrix(encodingTable(n, 16, 100), n, 16);
    const byOffset = similarityByOffset(n, 16, 100);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(full[a * n + b]).toBeCloseTo(byOffset[Math.abs(a - b)], 12);
  });

  it('matches at the lesson defaults (n = 64, d = 64, base 10000, k = 1)', async () => {
    await expectWithinTolerance(64, 64, 10000, 1);
  });

  // One case per test: each n = 1024 case is a 1024×512×1024 matMul on the cpu backend.
  it.each([
    [10000, 0],
    [10000, 1],
    [10000, 16],
    [10000, 100],
    [100, 37],
    [10, 5],
  ])('matches at n = 1024, d = 512, base %i, k = %i', async (base, offset) => {
    await expectWithinTolerance(1024, 512, base, offset);
  });

  it('has no pairs to compare when k ≥ n, and still checks the table', async () => {
    const result = await runPositionProbe({ positions: 4, dModel: 8, base: 10000, offset: 5 });
    expect(result.rotationError).toBeNull();
    expect(result.tableError).toBeLessThan(TOLERANCE);
  });

  it('rejects tables beyond 1024 positions and odd d_model', async () => {
    await expect(runPositionProbe({ positions: 1025, dModel: 8, base: 10000, offset: 1 })).rejects.toThrow();
    await expect(runPositionProbe({ positions: 8, dModel: 7, base: 10000, offset: 1 })).rejects.toThrow();
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await runPositionProbe({ positions: 32, dModel: 16, base: 10000, offset: 3 });
    await runPositionProbe({ positions: 2, dModel: 16, base: 10000, offset: 3 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
