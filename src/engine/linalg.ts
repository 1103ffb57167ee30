/**
 * The small dense algebra of the engine: a Cholesky factorisation of X'WX that drops
 * aliased columns in column order (the normal-equation form of R's `lm` pivoting), and
 * solves with the factor. Matrices are row-major `Float64Array`s.
 */

/**
 * A column is aliased when its squared residual norm after projection on the kept
 * columns before it is below `ALIAS_TOL` times its own squared norm. R's `lm` uses
 * 1e-7 on the (unsquared) norm ratio in a QR of X; X'WX is formed by summation over
 * millions of rows, so its rounding noise sits near 1e-13 and the test here is 1e-10 on
 * the squared ratio (a residual under 1e-5 of the column's norm).
 */
export const ALIAS_TOL = 1e-10;

/** The largest work buffer (doubles: 8 MB, a 1,000-column matrix) kept for the next call rather than allocated per call. */
export const SCRATCH_MAX = 1 << 20;
let work = new Float64Array(0);

/** Result of {@link choleskyInOrder}: `L·L' = A[kept, kept]`, L lower triangular r×r. */
export interface OrderedCholesky {
  readonly kept: readonly number[];
  readonly dropped: readonly number[];
  readonly L: Float64Array;
  readonly r: number;
}

/**
 * Factor the symmetric positive semi-definite n×n matrix `A`, visiting columns in order
 * and skipping any whose pivot falls below `tol · ref[j]` (`ref` = the column's
 * uncentred squared norm; a column whose norm is not positive is a column of zeros,
 * skipped whatever its pivot's rounding noise). Once `maxRank` columns are kept (the number of observations:
 * X'WX cannot have a larger rank) the rest are reported dropped without more work.
 */
export function choleskyInOrder(
  A: Float64Array,
  n: number,
  ref: Float64Array,
  tol = ALIAS_TOL,
  maxRank = n,
): OrderedCholesky {
  const kept: number[] = [];
  const dropped: number[] = [];
  // row-major, r×r used with stride n; rows are written before they are read, so a reused
  // buffer needs no zeroing
  const L = n * n > SCRATCH_MAX ? new Float64Array(n * n) : work.length >= n * n ? work : (work = new Float64Array(n * n));
  const row = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const r = kept.length;
    if (r >= maxRank) {
      dropped.push(j);
      continue;
    }
    let d = A[j * n + j]!;
    for (let k = 0; k < r; k++) {
      const Lk = k * n;
      // Dot product of row j and row k of L so far, unrolled by four.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let m = 0;
      for (; m + 3 < k; m += 4) {
        s0 += row[m]! * L[Lk + m]!;
        s1 += row[m + 1]! * L[Lk + m + 1]!;
        s2 += row[m + 2]! * L[Lk + m + 2]!;
        s3 += row[m + 3]! * L[Lk + m + 3]!;
      }
      for (; m < k; m++) s0 += row[m]! * L[Lk + m]!;
      let v = A[j * n + kept[k]!]! - (s0 + s1 + (s2 + s3));
      v /= L[Lk + k]!;
      row[k] = v;
      d -= v * v;
    }
    if (!(ref[j]! > 0 && d > tol * ref[j]!)) {
      dropped.push(j);
      continue;
    }
    for (let k = 0; k < r; k++) L[r * n + k] = row[k]!;
    L[r * n + r] = Math.sqrt(d);
    kept.push(j);
  }
  const r = kept.length;
  const packed = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let k = 0; k <= i; k++) packed[i * r + k] = L[i * n + k]!;
  return { kept, dropped, L: packed, r };
}

/** Solve `L·L'·z = rhs` (rhs in the kept columns' order). */
export function cholSolve(f: OrderedCholesky, rhs: Float64Array): Float64Array {
  const { L, r } = f;
  const z = Float64Array.from(rhs);
  for (let i = 0; i < r; i++) {
    let v = z[i]!;
    for (let k = 0; k < i; k++) v -= L[i * r + k]! * z[k]!;
    z[i] = v / L[i * r + i]!;
  }
  for (let i = r - 1; i >= 0; i--) {
    let v = z[i]!;
    for (let k = i + 1; k < r; k++) v -= L[k * r + i]! * z[k]!;
    z[i] = v / L[i * r + i]!;
  }
  return z;
}
