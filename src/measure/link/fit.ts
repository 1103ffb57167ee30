/**
 * The cross-section link: OLS of y on x across countries with HC3 standard errors
 * (MacKinnon and White, 1985: each squared residual divided by (1 − h_i)²), the t
 * interval with n − 2 df, a permutation p-value on the HC3 t statistic and the slope with
 * each country left out.
 */
import { tQuantile, tTwoSidedP } from '../../stats/student-t.ts';
import { xoshiro128 } from './prng.ts';

/** Seed of the permutation draws (the same for every fit, so a rerun reproduces them). */
export const PERMUTATION_SEED = 16;
/** Random permutations drawn when n > {@link FULL_PERMUTATION_MAX}. */
export const PERMUTATION_DRAWS = 9999;
/** Largest n whose n! permutations are all enumerated. */
export const FULL_PERMUTATION_MAX = 8;
/** Relative tolerance for "at least as extreme" (ties of |t| up to rounding count). */
export const TIE_TOL = 1e-10;

/** OLS of y on x with the HC3 variance of the slope. */
export interface Hc3Fit {
  n: number;
  slope: number;
  intercept: number;
  /** HC3 standard error of the slope (NaN when a leverage is 1). */
  se: number;
  /** slope / se. */
  t: number;
  /** n − 2. */
  df: number;
  /** Two-sided p of t against t(n − 2). */
  p: number;
  ci: [number, number];
}

/**
 * The HC3 t statistic of the slope for fixed x (centred `dx`, Sxx, leverages `h`) and
 * outcome y: the workhorse of the fit and of every permutation.
 */
function hc3Stat(dx: Float64Array, sxx: number, h: Float64Array, y: ArrayLike<number>): { slope: number; intercept: number; se: number } {
  const n = dx.length;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += dx[i]! * (y[i]! - yMean);
  const slope = sxy / sxx;
  let meat = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i]! - yMean - slope * dx[i]!;
    const d = 1 - h[i]!;
    meat += (dx[i]! * e) ** 2 / (d * d);
  }
  return { slope, intercept: yMean, se: Math.sqrt(meat) / sxx };
}

interface Design {
  dx: Float64Array;
  sxx: number;
  h: Float64Array;
  xMean: number;
}

function design(x: readonly number[]): Design | null {
  const n = x.length;
  let xMean = 0;
  for (const v of x) xMean += v;
  xMean /= n;
  const dx = new Float64Array(n);
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    dx[i] = x[i]! - xMean;
    sxx += dx[i]! ** 2;
  }
  if (!(sxx > 0)) return null;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) h[i] = 1 / n + dx[i]! ** 2 / sxx;
  return { dx, sxx, h, xMean };
}

/**
 * OLS slope of y on x with HC3 standard error, t(n − 2) interval at `level` and p-value.
 * Null with fewer than 3 points or constant x; se, t, p and the interval are NaN when a
 * country has leverage 1 (HC3 undefined).
 */
export function fitHc3(x: readonly number[], y: readonly number[], level = 0.95): Hc3Fit | null {
  const n = x.length;
  if (y.length !== n) throw new Error('fitHc3: x and y differ in length');
  if (n < 3) return null;
  const d = design(x);
  if (!d) return null;
  const s = hc3Stat(d.dx, d.sxx, d.h, y);
  const ok = [...d.h].every((v) => v < 1 - 1e-12) && s.se > 0;
  const se = ok ? s.se : NaN;
  const t = s.slope / se;
  const q = tQuantile((1 + level) / 2, n - 2);
  return {
    n,
    slope: s.slope,
    intercept: s.intercept - s.slope * d.xMean,
    se,
    t,
    df: n - 2,
    p: ok ? tTwoSidedP(t, n - 2) : NaN,
    ci: [s.slope - q * se, s.slope + q * se],
  };
}

/** A permutation p-value and how it was obtained. */
export interface PermutationResult {
  p: number;
  /** Permutations evaluated (n! when enumerated, else the draws). */
  count: number;
  exact: boolean;
}

/**
 * Two-sided permutation p-value of the slope on the HC3 t statistic: y is permuted
 * across the fixed x. With n ≤ 8 every one of the n! permutations is evaluated (the
 * identity included) and p = #{|t*| ≥ |t|} / n!; otherwise `draws` random permutations
 * (Fisher–Yates with {@link xoshiro128} seeded by `seed`) give p = (1 + #{|t*| ≥ |t|}) /
 * (draws + 1). |t*| ≥ |t| is judged with relative tolerance {@link TIE_TOL}. NaN when
 * the HC3 t is undefined.
 */
export function permutationP(
  x: readonly number[],
  y: readonly number[],
  opts: { seed?: number; draws?: number; fullMax?: number } = {},
): PermutationResult {
  const n = x.length;
  const d = n >= 3 ? design(x) : null;
  if (!d || [...d.h].some((v) => v >= 1 - 1e-12)) return { p: NaN, count: 0, exact: false };
  const tAbs = (yy: ArrayLike<number>): number => {
    const s = hc3Stat(d.dx, d.sxx, d.h, yy);
    return Math.abs(s.slope / s.se);
  };
  const t0 = tAbs(y);
  if (!Number.isFinite(t0)) return { p: NaN, count: 0, exact: false };
  const bar = t0 * (1 - TIE_TOL);
  const atLeast = (v: number): boolean => v >= bar; // NaN never counts
  const yy = Float64Array.from(y);
  if (n <= (opts.fullMax ?? FULL_PERMUTATION_MAX)) {
    // Heap's algorithm, iterative: every permutation once.
    const c = new Array<number>(n).fill(0);
    let hits = atLeast(tAbs(yy)) ? 1 : 0;
    let count = 1;
    for (let i = 1; i < n; ) {
      if (c[i]! < i) {
        const j = i % 2 === 0 ? 0 : c[i]!;
        const tmp = yy[j]!;
        yy[j] = yy[i]!;
        yy[i] = tmp;
        if (atLeast(tAbs(yy))) hits++;
        count++;
        c[i]!++;
        i = 1;
      } else {
        c[i] = 0;
        i++;
      }
    }
    return { p: hits / count, count, exact: true };
  }
  const draws = opts.draws ?? PERMUTATION_DRAWS;
  const rng = xoshiro128(opts.seed ?? PERMUTATION_SEED);
  let hits = 0;
  for (let b = 0; b < draws; b++) {
    for (let i = n - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      const tmp = yy[j]!;
      yy[j] = yy[i]!;
      yy[i] = tmp;
    }
    if (atLeast(tAbs(yy))) hits++;
  }
  return { p: (1 + hits) / (draws + 1), count: draws, exact: false };
}

/**
 * The OLS slope with each point left out, in input order (NaN where the remaining points
 * cannot give a slope: fewer than 3 or constant x).
 */
export function leaveOneOutSlopes(x: readonly number[], y: readonly number[]): number[] {
  return x.map((_, i) => {
    const xs = x.filter((__, j) => j !== i);
    const ys = y.filter((__, j) => j !== i);
    return fitHc3(xs, ys)?.slope ?? NaN;
  });
}
