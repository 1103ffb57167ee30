/**
 * The panel link: y_ct = α_c + τ_t + β·x_ct + e_ct over countries c and years t (two-way
 * fixed effects; the panel may be unbalanced), standard errors clustered by country (CR1:
 * G/(G − 1)·(N − 1)/(N − K), K counting every fixed effect, t with G − 1 df — as
 * `estimatr::lm_robust(se_type = "stata")`), and a restricted wild cluster bootstrap
 * p-value (WCR; Cameron, Gelbach and Miller 2008; MacKinnon and Webb 2018): the null β = 0
 * is imposed, the restricted residuals are flipped by country with Rademacher weights over
 * all 2^G sign vectors when G ≤ 12, else with 9,999 seeded Webb six-point weights, and
 * p = #{|t*| ≥ |t|} / B on the CR1 t statistic (two-sided, symmetric).
 */
import { tQuantile, tTwoSidedP } from '../../engine/index.ts';
import { xoshiro128 } from './prng.ts';
import { TIE_TOL } from './fit.ts';

/** Seed of the Webb draws. */
export const BOOTSTRAP_SEED = 16;
/** Webb draws when G > {@link FULL_ENUMERATION_MAX_G}. */
export const BOOTSTRAP_DRAWS = 9999;
/** Largest number of clusters whose 2^G Rademacher sign vectors are all enumerated. */
export const FULL_ENUMERATION_MAX_G = 12;

/** One observation of the panel. */
export interface PanelObs {
  country: string;
  year: number;
  x: number;
  y: number;
}

/** The two-way FE slope with CR1 inference and its wild bootstrap p-value. */
export interface PanelFit {
  slope: number;
  se: number;
  t: number;
  /** G − 1. */
  df: number;
  p: number;
  ci: [number, number];
  /** Restricted wild cluster bootstrap p-value. */
  pWild: number;
  /** Bootstrap replications (2^G when enumerated). */
  replications: number;
  exact: boolean;
  /** Clusters (countries). */
  G: number;
  /** Observations. */
  N: number;
  /** Parameters, fixed effects included. */
  K: number;
}

/**
 * Orthonormal basis of the column space of the FE dummies (modified Gram–Schmidt; a
 * column whose remainder is below 1e-10 of its norm is dependent and dropped).
 */
function feBasis(rows: readonly PanelObs[]): Float64Array[] {
  const countries = [...new Set(rows.map((r) => r.country))].sort();
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const cols: Float64Array[] = [];
  for (const c of countries) cols.push(Float64Array.from(rows, (r) => (r.country === c ? 1 : 0)));
  for (const y of years.slice(1)) cols.push(Float64Array.from(rows, (r) => (r.year === y ? 1 : 0)));
  const basis: Float64Array[] = [];
  for (const v of cols) {
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) for (const q of basis) axpy(-dot(q, v), q, v);
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-10 * norm0) {
      for (let i = 0; i < v.length; i++) v[i]! /= norm;
      basis.push(v);
    }
  }
  return basis;
}

/** v minus its projection on the orthonormal basis (twice, for accuracy). */
function residualize(basis: readonly Float64Array[], v: ArrayLike<number>): Float64Array {
  const r = Float64Array.from(v);
  for (let pass = 0; pass < 2; pass++) for (const q of basis) axpy(-dot(q, r), q, r);
  return r;
}

/**
 * Fit the panel link. Countries observed in one year only are dropped (their fixed effect
 * absorbs them). Null when fewer than 3 countries remain or x has no within variation.
 * `opts` override the bootstrap's seed, draws and enumeration limit (tests).
 */
export function fitPanel(
  obs: readonly PanelObs[],
  opts: { seed?: number; draws?: number; fullMaxG?: number; level?: number } = {},
): PanelFit | null {
  const years = new Map<string, number>();
  for (const o of obs) years.set(o.country, (years.get(o.country) ?? 0) + 1);
  const rows = obs.filter((o) => (years.get(o.country) ?? 0) >= 2);
  const clusters = [...new Set(rows.map((r) => r.country))].sort();
  const G = clusters.length;
  const N = rows.length;
  if (G < 3) return null;
  const basis = feBasis(rows);
  const K = basis.length + 1;
  if (N - K < 1) return null;
  const xt = residualize(basis, rows.map((r) => r.x));
  const yt = residualize(basis, rows.map((r) => r.y));
  const sxx = dot(xt, xt);
  if (!(sxx > 1e-12 * rows.reduce((s, r) => s + r.x * r.x, 0))) return null;
  const gi = Int32Array.from(rows, (r) => clusters.indexOf(r.country));
  const adj = (G / (G - 1)) * ((N - 1) / (N - K));
  /** slope and CR1 t of y (already residualized on the FE). */
  const stat = (ytil: Float64Array): { slope: number; se: number } => {
    const slope = dot(xt, ytil) / sxx;
    const score = new Float64Array(G);
    for (let i = 0; i < N; i++) score[gi[i]!]! += xt[i]! * (ytil[i]! - slope * xt[i]!);
    return { slope, se: Math.sqrt(adj * dot(score, score)) / sxx };
  };
  const obsStat = stat(yt);
  const t = obsStat.slope / obsStat.se;
  const df = G - 1;
  const q = tQuantile((1 + (opts.level ?? 0.95)) / 2, df);

  // Restricted model (β = 0): y = FE + ũ with ũ = yt. A bootstrap sample y* = (y − ũ) +
  // w_g·ũ has FE-residual M(w∘ũ) = Σ_g w_g·M(ũ_g), ũ_g being ũ outside country g zeroed.
  // Its statistic is linear in w, so it is computed from G×G sums made once, not from the
  // N rows (O(G²) a draw, not O(G·N)): slope* = Σ_g w_g·a_g with a_g = x̃'M(ũ_g)/sxx, and
  // country h's score Σ_{i∈h} x̃_i·(y*_i − slope*·x̃_i) = Σ_g w_g·C_hg − slope*·D_h with
  // C_hg = Σ_{i∈h} x̃_i·M(ũ_g)_i and D_h = Σ_{i∈h} x̃_i².
  const a = new Float64Array(G);
  const C = new Float64Array(G * G);
  const D = new Float64Array(G);
  for (let i = 0; i < N; i++) D[gi[i]!]! += xt[i]! * xt[i]!;
  for (let g = 0; g < G; g++) {
    const part = residualize(basis, Float64Array.from(yt, (v, i) => (gi[i] === g ? v : 0)));
    a[g] = dot(xt, part) / sxx;
    for (let i = 0; i < N; i++) C[gi[i]! * G + g]! += xt[i]! * part[i]!;
  }
  const tStar = (w: ArrayLike<number>): number => {
    let slope = 0;
    for (let g = 0; g < G; g++) slope += w[g]! * a[g]!;
    let ss = 0;
    for (let h = 0; h < G; h++) {
      let sc = -slope * D[h]!;
      for (let g = 0; g < G; g++) sc += w[g]! * C[h * G + g]!;
      ss += sc * sc;
    }
    return Math.abs(slope / (Math.sqrt(adj * ss) / sxx));
  };
  const bar = Math.abs(t) * (1 - TIE_TOL);
  let hits = 0;
  let B: number;
  const exact = G <= (opts.fullMaxG ?? FULL_ENUMERATION_MAX_G);
  const w = new Float64Array(G);
  if (exact) {
    B = 2 ** G;
    for (let m = 0; m < B; m++) {
      for (let g = 0; g < G; g++) w[g] = (m >> g) & 1 ? -1 : 1;
      if (tStar(w) >= bar) hits++;
    }
  } else {
    B = opts.draws ?? BOOTSTRAP_DRAWS;
    const rng = xoshiro128(opts.seed ?? BOOTSTRAP_SEED);
    const webb = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
    for (let b = 0; b < B; b++) {
      for (let g = 0; g < G; g++) w[g] = webb[rng.below(6)]!;
      if (tStar(w) >= bar) hits++;
    }
  }
  return {
    slope: obsStat.slope,
    se: obsStat.se,
    t,
    df,
    p: tTwoSidedP(t, df),
    ci: [obsStat.slope - q * obsStat.se, obsStat.slope + q * obsStat.se],
    pWild: Number.isFinite(t) ? hits / B : NaN,
    replications: B,
    exact,
    G,
    N,
    K,
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}
