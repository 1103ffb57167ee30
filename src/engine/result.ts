/**
 * A fitted regression: the reported coefficients and the pieces their variance is built
 * from (bread, residual sum of squares, HC and cluster meats, cluster counts), so that the
 * variance can be recomputed with another type or small-sample rule after fitting.
 */
import { TooFewClustersError, VarianceNotKeptError, type EngineError } from './errors.ts';
import { clusterColumns, vcovName, type Ssc, type TidyRow, type VcovType } from './spec.ts';
import { tQuantile, tTwoSidedP } from './t-dist.ts';

/** The cluster meat of one clustering: one term per dimension (and the intersection, subtracted, when two-way). */
export interface ClusterMeat {
  readonly terms: readonly { readonly sign: 1 | -1; readonly g: number; readonly meat: readonly number[] }[];
}

/** What the fit computed for one sample; matrices are row-major over the reported terms. */
export interface FitPieces {
  readonly nobs: number;
  /** Estimated parameters (intercept, kept x's, kept fixed-effect dummies). */
  readonly rank: number;
  readonly dropped: readonly string[];
  readonly terms: readonly string[];
  /** The decomposition's parts (`FitOptions.decompose`), after the terms in every vector and matrix. */
  readonly combos?: readonly string[];
  /** The decomposed 0/1 regressor (a reported term). */
  readonly decomposed?: string;
  /** The terms' estimates, then the parts'. */
  readonly estimates: readonly number[];
  /** (X'WX)⁻¹ restricted to the reported terms (u'(X'WX)⁻¹v over terms then parts). */
  readonly bread: readonly number[];
  /** Weighted residual sum of squares (iid). */
  readonly rss?: number;
  /** Σ_i s_i s_i' with s_i = w_i e_i a'x_i (HC1, before its factor). */
  readonly hc1?: readonly number[];
  /** The same with s_i / (1 − h_ii) (HC3). */
  readonly hc3?: readonly number[];
  /** By cluster set (`vcovName`): the meats; or the error that set raised for this sample. */
  readonly clusters: ReadonlyMap<string, ClusterMeat | EngineError>;
  /**
   * The `nested` rule's pieces: kept dummy columns per fixed effect, and by cluster column
   * the effects nested in it (every level within one cluster).
   */
  readonly nested?: { readonly feKept: readonly number[]; readonly effects: ReadonlyMap<string, readonly number[]> };
}

/** A variance matrix with what inference needs. */
export interface Variance {
  readonly type: VcovType;
  readonly ssc: Ssc;
  readonly terms: readonly string[];
  /** Row-major terms × terms. */
  readonly matrix: readonly number[];
  /** Degrees of freedom of the t distribution: min(G) − 1 when clustered, else N − K. */
  readonly df: number;
  /** Number of clusters (the smallest dimension when two-way), when clustered. */
  readonly nClusters?: number;
  /** With a decomposition: the variance matrix of its parts (row-major, in the parts' order). */
  readonly parts?: readonly number[];
}

/** One component of a decomposition (`FitResult.decomposition()`). */
export interface DecompositionRow {
  /** `total`, `explained`, `unexplained`, or a group's name. */
  component: string;
  estimate: number;
  se: number;
  df: number;
  ci_low: number;
  ci_high: number;
}

/** Compute a variance from the pieces; throws when its pieces were not kept. */
export function variance(p: FitPieces, type: VcovType, ssc: Ssc): Variance {
  const full = fullVariance(p, type, ssc);
  const nt = p.terms.length;
  const k = nt + (p.combos?.length ?? 0);
  if (k === nt) return full;
  const block = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let i = from; i < to; i++) for (let j = from; j < to; j++) out.push(full.matrix[i * k + j]!);
    return out;
  };
  return { ...full, matrix: block(0, nt), parts: block(nt, k) };
}

/** {@link variance} over the terms and the decomposition's parts together. */
function fullVariance(p: FitPieces, type: VcovType, ssc: Ssc): Variance {
  const k = p.terms.length + (p.combos?.length ?? 0);
  const N = p.nobs;
  const K = p.rank;
  const dfResid = N - K;
  const scaled = (m: readonly number[] | undefined, f: number, what: string): number[] => {
    if (!m) throw new VarianceNotKeptError(`the ${what} variance was not computed in this fit: add it to the spec's \`keep.vcov\``);
    return m.map((v) => f * v);
  };
  const base = { type, ssc, terms: p.terms };
  if (type === 'iid') {
    if (p.rss === undefined) scaled(undefined, 0, 'iid');
    return { ...base, matrix: p.bread.map((v) => ((p.rss ?? 0) / dfResid) * v), df: dfResid };
  }
  if (type === 'hetero' || type === 'HC1') return { ...base, matrix: scaled(p.hc1, N / dfResid, 'HC1'), df: dfResid };
  if (type === 'HC3') return { ...base, matrix: scaled(p.hc3, 1, 'HC3'), df: dfResid };
  const name = vcovName(type);
  const cm = p.clusters.get(name);
  if (cm === undefined) throw new VarianceNotKeptError(`the ${name} variance was not computed in this fit: add it to the spec's \`keep.vcov\``);
  if (cm instanceof Error) throw cm;
  let Kadj = K;
  if (ssc === 'nested') {
    if (!p.nested) throw new VarianceNotKeptError(`the nested small-sample rule was not prepared in this fit: add 'nested' to the spec's \`keep.ssc\``);
    // The dummies of an effect nested in any of the cluster columns are left out of K.
    const { feKept, effects } = p.nested;
    const nested = new Set(clusterColumns(type).flatMap((c) => effects.get(c) ?? []));
    for (const k of nested) Kadj -= feKept[k]!;
  }
  const sizes = cm.terms.filter((t) => t.sign > 0).map((t) => t.g);
  const nClusters = Math.min(...sizes);
  if (!(nClusters >= 2))
    throw new TooFewClustersError(`${nClusters} cluster(s) in the sample: a clustered variance needs at least 2 (use vcov 'hetero')`);
  const hc1 = (N - 1) / (N - Kadj);
  const V = new Array<number>(k * k).fill(0);
  for (const t of cm.terms) {
    const adj = t.sign * hc1 * (t.g / (t.g - 1));
    for (let i = 0; i < k * k; i++) V[i]! += adj * t.meat[i]!;
  }
  return { ...base, matrix: V, df: nClusters - 1, nClusters };
}

/** A fitted regression. Fixed-effect coefficients are not reported (as in fixest). */
export class FitResult {
  /** Observations used. */
  readonly nobs: number;
  /** Residual degrees of freedom (N − K, K counting every estimated parameter). */
  readonly dfResid: number;
  /** Regressors (and fixed-effect levels, as `factor(col)level`) dropped as collinear, in order. */
  readonly dropped: readonly string[];
  /** Reported terms (the x's kept, restricted by the terms strategy), in spec order. */
  readonly terms: readonly string[];
  /** The variance in use. */
  readonly variance: Variance;

  constructor(
    private readonly pieces: FitPieces,
    type: VcovType,
    ssc: Ssc,
  ) {
    this.nobs = pieces.nobs;
    this.dfResid = pieces.nobs - pieces.rank;
    this.dropped = pieces.dropped;
    this.terms = pieces.terms;
    this.variance = variance(pieces, type, ssc);
    Object.freeze(this);
  }

  /** Number of clusters of the variance in use (smallest dimension when two-way), when clustered. */
  get nClusters(): number | undefined {
    return this.variance.nClusters;
  }

  /** Degrees of freedom of t intervals and p-values. */
  get df(): number {
    return this.variance.df;
  }

  /** The same fit with its variance recomputed for another type and/or small-sample rule (no query runs). */
  vcov(type: VcovType, ssc: Ssc = this.variance.ssc): FitResult {
    return new FitResult(this.pieces, type, ssc);
  }

  /** The variance matrix as rows over {@link terms}. */
  vcovMatrix(): number[][] {
    const k = this.terms.length;
    return this.terms.map((_, i) => this.variance.matrix.slice(i * k, (i + 1) * k));
  }

  coef(): Record<string, number> {
    return Object.fromEntries(this.terms.map((t, i) => [t, this.pieces.estimates[i]!]));
  }

  se(): Record<string, number> {
    const k = this.terms.length;
    return Object.fromEntries(this.terms.map((t, i) => [t, Math.sqrt(this.variance.matrix[i * k + i]!)]));
  }

  /** Covariance of two reported terms. */
  cov(a: string, b: string): number {
    const i = this.terms.indexOf(a);
    const j = this.terms.indexOf(b);
    if (i < 0 || j < 0) throw new Error(`not a reported term: ${i < 0 ? a : b}`);
    return this.variance.matrix[i * this.terms.length + j]!;
  }

  /**
   * The decomposition asked for with `FitOptions.decompose`: `total`, `explained`,
   * `unexplained` (the regressor's coefficient), then one row per group, each with its
   * standard error (the delta method: d'Vd with the group means d held fixed, V the
   * variance in use) and t interval. Throws when the fit had no decomposition.
   */
  decomposition(level = 0.95): DecompositionRow[] {
    const names = this.pieces.combos;
    const x = this.pieces.decomposed;
    const parts = this.variance.parts;
    if (!names || x === undefined || !parts) throw new Error('this fit has no decomposition: pass `decompose` in the fit options');
    const nt = this.terms.length;
    const nc = names.length;
    const crit = tQuantile(1 - (1 - level) / 2, this.df);
    const row = (component: string, estimate: number, se: number): DecompositionRow => ({
      component, estimate, se, df: this.df, ci_low: estimate - crit * se, ci_high: estimate + crit * se,
    });
    const part = (name: string): DecompositionRow => {
      const c = names.indexOf(name);
      return row(name, this.pieces.estimates[nt + c]!, Math.sqrt(parts[c * nc + c]!));
    };
    const groups = names.filter((n) => n !== 'explained' && n !== 'total');
    return [part('total'), part('explained'), row('unexplained', this.coef()[x]!, this.se()[x]!), ...groups.map(part)];
  }

  /** Interval from the t distribution with {@link df} degrees of freedom. */
  confint(level = 0.95): Record<string, [number, number]> {
    const crit = tQuantile(1 - (1 - level) / 2, this.df);
    const se = this.se();
    return Object.fromEntries(
      this.terms.map((t, i) => {
        const b = this.pieces.estimates[i]!;
        return [t, [b - crit * se[t]!, b + crit * se[t]!]];
      }),
    );
  }

  tidy(level = 0.95): TidyRow[] {
    const se = this.se();
    const ci = this.confint(level);
    const df = this.df;
    return this.terms.map((term, i) => {
      const estimate = this.pieces.estimates[i]!;
      const s = se[term]!;
      const t = estimate / s;
      const p = tTwoSidedP(t, df);
      const [lo, hi] = ci[term]!;
      return { term, estimate, se: s, t, df, p, ci_low: lo, ci_high: hi };
    });
  }
}
