/** The Student t distribution the engine's inference uses (one place to swap the implementation). */
import quantile from '@stdlib/stats-base-dists-t-quantile';
import cdf from '@stdlib/stats-base-dists-t-cdf';

/** P(T ≤ x) for T ~ t(df). */
export function tCdf(x: number, df: number): number {
  return cdf(x, df);
}

/** The p-quantile of t(df). */
export function tQuantile(p: number, df: number): number {
  return quantile(p, df);
}
