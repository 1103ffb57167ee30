/**
 * One rule for turning a regression coefficient into a published cell, shared by every
 * study that publishes one (the premium and abroad-gap measures, the survey study).
 */
import type { FitResult } from '../engine/index.ts';

/** What publishing reads of a fit. */
export type PublishableFit = Pick<FitResult, 'nobs' | 'df' | 'dropped' | 'coef' | 'se' | 'confint'>;

/** A coefficient fit to publish: the estimate, its standard error, interval and df. */
export interface PublishedCoef {
  estimate: number;
  se: number;
  /** The 95% interval from the t distribution; null when not finite (no residual df). */
  ci: [number, number] | null;
  /** Degrees of freedom of the interval's t distribution (clusters − 1 when clustered, else residual df). */
  df: number;
  /** Observations the fit used. */
  nobs: number;
}

/**
 * The coefficient of `x` as published, or null when it is not: the fit failed (an error
 * or no fit), x was dropped as collinear, β is not finite, or its standard error is not
 * finite or numerically zero — a saturated fit (fewer distinct rows than parameters,
 * e.g. a pooled cell of a few people holding one position for years) reproduces y
 * exactly, so the interval would be meaningless. One exception: an outcome that does not
 * vary at all in the sample (e.g. no national of an origin abroad in a year) gives β = 0
 * and se = 0 exactly; that zero is a finding, not a numerical accident, and is published
 * (with the interval [0, 0]).
 */
export function publishCoef(fit: PublishableFit | Error | null | undefined, x: string, level = 0.95): PublishedCoef | null {
  if (fit === undefined || fit === null || fit instanceof Error || fit.dropped.includes(x)) return null;
  const b = fit.coef()[x];
  const se = fit.se()[x];
  if (b === undefined || !Number.isFinite(b) || se === undefined || !Number.isFinite(se)) return null;
  const constantOutcome = b === 0 && se === 0;
  if (!constantOutcome && !(se > 1e-9 * Math.max(1, Math.abs(b)))) return null;
  const ci = fit.confint(level)[x];
  return {
    estimate: b,
    se,
    ci: ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? [ci[0], ci[1]] : null,
    df: fit.df,
    nobs: fit.nobs,
  };
}

/** A log-point coefficient as a percent difference, 100·(e^β − 1). */
export function logPointsToPct(b: number): number {
  return 100 * Math.expm1(b);
}

/**
 * Why a fitted cell's coefficient of `x` is blank (the `note` column of the regression
 * tables), or null when {@link publishCoef} publishes it: `absorbed_by:<effect>[+<effect>]`
 * (x lies in the span of that fixed effect's dummies: no level of it holds both groups),
 * `fit_failed` (the engine returned no fit), `collinear` (x dropped as collinear with the
 * other regressors), or `saturated` (β or its standard error not finite, or a standard
 * error of numerically zero: the fit reproduces y exactly).
 */
export function blankNote(fit: PublishableFit | Error | null | undefined, x: string, absorbedBy?: readonly string[]): string | null {
  if (absorbedBy !== undefined) return `absorbed_by:${absorbedBy.length ? absorbedBy.join('+') : 'fixed_effect'}`;
  if (publishCoef(fit, x)) return null;
  if (fit === undefined || fit === null || fit instanceof Error) return 'fit_failed';
  if (fit.dropped.includes(x)) return 'collinear';
  return 'saturated';
}
