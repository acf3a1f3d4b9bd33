// Small float64 helpers for the reference transformer. A matrix is a flat, row-major
// Float64Array plus its row and column counts: element [r][c] lives at r * cols + c.
// Plain loops on purpose: this is the oracle the fast TF.js path is checked against,
// so it favours obviously-correct over fast.

/** A float64 copy; float32 → float64 is exact, so no rounding happens here. */
export function toFloat64(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values);
}

function expectLength(name: string, array: ArrayLike<number>, length: number): void {
  if (array.length !== length) {
    throw new Error(`${name}: expected ${length} values, got ${array.length}`);
  }
}

/** A·B, with A [rows, inner] and B [inner, cols]: out[r][c] = Σₖ A[r][k] · B[k][c]. */
export function matmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  cols: number,
): Float64Array {
  expectLength('matmul A', a, rows * inner);
  expectLength('matmul B', b, inner * cols);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += a[r * inner + k] * b[k * cols + c];
      out[r * cols + c] = sum;
    }
  }
  return out;
}

/** A·Bᵀ, with A [rows, inner] and B [bRows, inner]: out[i][j] = Σₖ A[i][k] · B[j][k]. */
export function matmulTransposedB(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  bRows: number,
): Float64Array {
  expectLength('matmulTransposedB A', a, rows * inner);
  expectLength('matmulTransposedB B', b, bRows * inner);
  const out = new Float64Array(rows * bRows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < bRows; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += a[i * inner + k] * b[j * inner + k];
      out[i * bRows + j] = sum;
    }
  }
  return out;
}

/** Elementwise a + b. */
export function add(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  expectLength('add', b, a.length);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** Adds the vector [cols] to every row of the matrix [rows, cols] (a bias). */
export function addToEveryRow(
  matrix: ArrayLike<number>,
  vector: ArrayLike<number>,
  rows: number,
  cols: number,
): Float64Array {
  expectLength('addToEveryRow matrix', matrix, rows * cols);
  expectLength('addToEveryRow vector', vector, cols);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = matrix[r * cols + c] + vector[c];
  }
  return out;
}

/** Elementwise max(0, x). */
export function relu(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(0, values[i]);
  return out;
}

/** Elementwise value · factor. */
export function scale(values: ArrayLike<number>, factor: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * factor;
  return out;
}

/**
 * Softmax of every row of a [rows, cols] matrix. The row maximum is subtracted first:
 * the result is mathematically the same, but exp never overflows.
 */
export function softmaxRows(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  expectLength('softmaxRows', values, rows * cols);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, values[start + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      out[start + c] = Math.exp(values[start + c] - max);
      sum += out[start + c];
    }
    for (let c = 0; c < cols; c++) out[start + c] /= sum;
  }
  return out;
}
