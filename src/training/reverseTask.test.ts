import { describe, expect, it } from 'vitest';
import { accuracy, batchStream, heldOutBatch, parseDigits, reverseTarget, VOCABULARY } from './reverseTask';

describe('the reverse task', () => {
  it('targets are the inputs reversed, digits 0–9', () => {
    const batch = batchStream(5, 32, 6)();
    for (let row = 0; row < 32; row++) {
      const input = Array.from(batch.inputs.subarray(row * 6, row * 6 + 6));
      expect(Array.from(batch.targets.subarray(row * 6, row * 6 + 6))).toEqual(reverseTarget(input));
      for (const digit of input) expect(digit >= 0 && digit < VOCABULARY && Number.isInteger(digit)).toBe(true);
    }
  });

  it('batches are seeded: the same seed repeats them, another seed and the held-out set differ', () => {
    const a = batchStream(5, 16, 6);
    const b = batchStream(5, 16, 6);
    const firstA = a().inputs;
    expect(b().inputs).toEqual(firstA);
    expect(a().inputs).not.toEqual(firstA);
    expect(batchStream(6, 16, 6)().inputs).not.toEqual(firstA);
    expect(heldOutBatch(5, 16, 6).inputs).not.toEqual(firstA);
    expect(heldOutBatch(5, 16, 6).inputs).toEqual(heldOutBatch(5, 16, 6).inputs);
  });

  it('every digit is about equally common (no digit the model could always guess)', () => {
    const batch = heldOutBatch(1, 1000, 6);
    const counts = new Array(VOCABULARY).fill(0);
    for (const digit of batch.inputs) counts[digit]++;
    for (const count of counts) expect(Math.abs(count / 6000 - 0.1)).toBeLessThan(0.015);
  });

  it('accuracy counts digits and whole sequences', () => {
    expect(accuracy([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], 3)).toEqual({ token: 1, sequence: 1 });
    expect(accuracy([1, 2, 0, 4, 5, 6], [1, 2, 3, 4, 5, 6], 3)).toEqual({ token: 5 / 6, sequence: 0.5 });
  });

  it('parses typed digits, ignoring spaces and commas, and says what is wrong otherwise', () => {
    expect(parseDigits('3 1 4, 1 5 9', 6)).toEqual({ digits: [3, 1, 4, 1, 5, 9] });
    expect(parseDigits('31415', 6)).toEqual({ error: 'trainDigitsCount' });
    expect(parseDigits('31415a', 6)).toEqual({ error: 'trainDigitsOnly' });
    expect(parseDigits('', 6)).toEqual({ error: 'trainDigitsCount' });
  });
});
