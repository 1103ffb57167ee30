/**
 * The regression engine's public shapes (pyfixest-like): a frozen spec in, a result out.
 * The sample lives in DuckDB; only cross-products and cluster scores reach TypeScript.
 */
import type { Sql } from '../db/sql.ts';

/** Variance estimator: classical, HC1, or CR1 clustered (one- or two-way). */
export type Vcov = 'iid' | 'hetero' | { cluster: string } | { cluster: readonly [string, string] };

/** A regression: `y ~ x + FE(fe...)`, optionally weighted. */
export interface RegressionSpec {
  /** A SQL relation holding the sample: a table name (`ident('t')`) or a sub-query (`sql\`(select ...)\``). */
  readonly source: Sql;
  /** Dependent variable (a column of `source`). */
  readonly y: string;
  /** Continuous regressors (columns), in order; an intercept is added unless FE absorb it. */
  readonly x: readonly string[];
  /** Categorical fixed effects (columns); NULL is its own level. */
  readonly fe: readonly string[];
  /** Weight column (analytic weights, as `lm(weights=)`). */
  readonly weights?: string;
  readonly vcov: Vcov;
  /**
   * Split columns (pyfixest's `split=`): `estimateBy` fits one regression per distinct
   * combination of these columns in a single pass of aggregate queries.
   */
  readonly by?: readonly string[];
  /**
   * Shared rows (`estimateBy` only, at least two `by` columns): a row whose last `by` value
   * is NULL belongs to every group with the same other `by` values. Equal to stacking a
   * copy of it into each such group, without the copies: its aggregates are computed once.
   * (The skill premiums: the non-AI rows of a country and year serve every skill.)
   */
  readonly shared?: boolean;
  /**
   * The x columns whose coefficients and (co)variance the result reports (default: all).
   * The others are fitted as controls only; their row-level score terms are not computed,
   * which makes a clustered or robust fit cheaper (the premiums report only the AI term).
   */
  readonly report?: readonly string[];
  /**
   * `estimateBy` only: the labels (`by` values joined with '|', NULL as '') of the groups
   * to fit; the others are left out of the sample and of the result. Default: every group.
   */
  readonly only?: readonly string[];
}

/** One row of `tidy()`. */
export interface TidyRow {
  term: string;
  estimate: number;
  se: number;
  t: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

/** A fitted regression. Fixed-effect coefficients are not reported (as in fixest). */
export interface RegressionResult {
  readonly spec: RegressionSpec;
  /** Observations used. */
  readonly nobs: number;
  /** Residual degrees of freedom (N − K, K counting every estimated parameter). */
  readonly dfResid: number;
  /** Number of clusters (smallest of the two for two-way), when clustered. */
  readonly nClusters?: number;
  /** Regressors dropped as collinear, in order. */
  readonly dropped: readonly string[];
  /** Degrees of freedom of the t distribution behind intervals and p-values (G − 1 when clustered, else dfResid). */
  readonly dfInference: number;
  coef(): Record<string, number>;
  se(): Record<string, number>;
  /** Interval from the t distribution (df = G − 1 when clustered, else dfResid). */
  confint(level?: number): Record<string, [number, number]>;
  tidy(level?: number): TidyRow[];
}
