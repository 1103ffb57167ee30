/**
 * The fitted regression handed back to callers: reported (continuous) coefficients, their
 * variance, and t-based inference.
 */
import { tQuantile, tTwoSidedP } from './student-t.ts';
import type { RegressionResult, RegressionSpec, TidyRow } from './types.ts';

/** What the engine computed for one sample. */
export interface FitParts {
  readonly spec: RegressionSpec;
  readonly nobs: number;
  readonly dfResid: number;
  readonly nClusters?: number;
  /** Degrees of freedom of the t distribution for intervals and p-values. */
  readonly dfInference: number;
  readonly dropped: readonly string[];
  /** Reported terms (the x's that were not dropped), in spec order. */
  readonly terms: readonly string[];
  readonly estimates: readonly number[];
  /** Variance matrix of the reported terms, row-major terms×terms. */
  readonly vcov: readonly number[];
}

/** A fitted regression (see {@link RegressionResult}). */
export class RegressionFit implements RegressionResult {
  readonly spec: RegressionSpec;
  readonly nobs: number;
  readonly dfResid: number;
  readonly nClusters?: number;
  readonly dropped: readonly string[];
  /** Degrees of freedom used for intervals and p-values (G − 1 when clustered, else dfResid). */
  readonly dfInference: number;
  readonly terms: readonly string[];
  private readonly est: readonly number[];
  private readonly v: readonly number[];

  constructor(p: FitParts) {
    this.spec = p.spec;
    this.nobs = p.nobs;
    this.dfResid = p.dfResid;
    if (p.nClusters !== undefined) this.nClusters = p.nClusters;
    this.dropped = Object.freeze([...p.dropped]);
    this.dfInference = p.dfInference;
    this.terms = Object.freeze([...p.terms]);
    this.est = Object.freeze([...p.estimates]);
    this.v = Object.freeze([...p.vcov]);
    Object.freeze(this);
  }

  coef(): Record<string, number> {
    return Object.fromEntries(this.terms.map((t, i) => [t, this.est[i]!]));
  }

  se(): Record<string, number> {
    const k = this.terms.length;
    return Object.fromEntries(this.terms.map((t, i) => [t, Math.sqrt(this.v[i * k + i]!)]));
  }

  /** Covariance of two reported terms. */
  cov(a: string, b: string): number {
    const i = this.terms.indexOf(a);
    const j = this.terms.indexOf(b);
    if (i < 0 || j < 0) throw new Error(`not a reported term: ${i < 0 ? a : b}`);
    return this.v[i * this.terms.length + j]!;
  }

  confint(level = 0.95): Record<string, [number, number]> {
    const crit = tQuantile(1 - (1 - level) / 2, this.dfInference);
    const se = this.se();
    return Object.fromEntries(
      this.terms.map((t, i) => {
        const b = this.est[i]!;
        return [t, [b - crit * se[t]!, b + crit * se[t]!]];
      }),
    );
  }

  tidy(level = 0.95): TidyRow[] {
    const se = this.se();
    const ci = this.confint(level);
    return this.terms.map((term, i) => {
      const estimate = this.est[i]!;
      const s = se[term]!;
      const t = estimate / s;
      const p = tTwoSidedP(t, this.dfInference);
      const [lo, hi] = ci[term]!;
      return { term, estimate, se: s, t, p, ci_low: lo, ci_high: hi };
    });
  }
}
