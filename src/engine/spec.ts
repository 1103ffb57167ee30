/**
 * The engine's public shapes (after pyfixest): a formula-free model spec, the variance
 * types and small-sample rules, the source relation, typed group keys, and one row of
 * `tidy()`.
 */

/** Variance estimator. `hetero` is HC1; a cluster is one column or two (two-way, Cameron–Gelbach–Miller). */
export type VcovType = 'iid' | 'hetero' | 'HC1' | 'HC3' | { readonly cluster: string | readonly [string, string] };

/**
 * Small-sample rule of the clustered and HC1 variances. `stata`: (N − 1)/(N − K) · G/(G − 1)
 * with every estimated parameter (fixed-effect dummies included) in K, as Stata `regress`
 * and `estimatr::lm_robust(se_type = "stata")`. `nested`: the same with the dummies of
 * fixed effects nested in a cluster variable left out of K (fixest's default, reghdfe).
 * HC1 uses N/(N − K); iid and HC3 have no factor.
 */
export type Ssc = 'stata' | 'nested';

/** A regression `y ~ x + FE(fe...)`, optionally weighted. */
export interface ModelSpec {
  /** Dependent variable (a column of the source). */
  readonly y: string;
  /** Continuous regressors, in order; an intercept is added (FE dummies drop their first level). */
  readonly x: readonly string[];
  /** Categorical fixed effects; NULL is its own level. Default none. */
  readonly fe?: readonly string[];
  /** Weight column (analytic weights, as `lm(weights=)`). */
  readonly weights?: string;
  /** The variance the result reports by default. Default `iid`. */
  readonly vcov?: VcovType;
  /** The small-sample rule the result uses by default. Default `stata`. */
  readonly ssc?: Ssc;
  /**
   * Other variance types and rules the result can switch to after fitting
   * (`result.vcov(type, ssc)`): their pieces are computed in the same fit.
   */
  readonly keep?: { readonly vcov?: readonly VcovType[]; readonly ssc?: readonly Ssc[] };
}

/** The relation holding the sample: a table (or view) name, or a query the caller trusts. */
export type Source = { readonly table: string } | { readonly query: string };

/** One value of a split column, as the database returned it. */
export type KeyValue = string | number | boolean | null;

/** A group of a split: one value per `by` column, in order. */
export type GroupKey = readonly KeyValue[];

/** One row of `tidy()`. */
export interface TidyRow {
  term: string;
  estimate: number;
  se: number;
  t: number;
  /** Degrees of freedom of the t distribution used for `p` and the interval. */
  df: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

/** Canonical name of a variance type (`iid`, `HC1`, `HC3`, `CR1(firm)`, `CR1(firm, person)`). */
export function vcovName(v: VcovType): string {
  if (v === 'hetero') return 'HC1';
  if (typeof v === 'string') return v;
  return `CR1(${clusterColumns(v).join(', ')})`;
}

/** The cluster columns of a variance type (none unless clustered). */
export function clusterColumns(v: VcovType): readonly string[] {
  if (typeof v === 'string') return [];
  return typeof v.cluster === 'string' ? [v.cluster] : v.cluster;
}
