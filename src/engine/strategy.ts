/**
 * Strategies of a split fit (`model.fitBy`): which rows make a group, which groups are
 * fitted, which coefficients get a variance. Each is a value made by one of the functions
 * below; the default of each slot fits every group on its own rows with every term.
 */
import type { GroupKey } from './spec.ts';

/**
 * How source rows form groups. `own`: a row belongs to the group of its `by` values.
 * `shared`: a row whose last `by` value is NULL belongs to every group with the same other
 * `by` values — equal to stacking a copy of it into each such group, without the copies
 * (its aggregates are computed once). The skill premiums use it: the non-AI rows of a
 * country and year serve every skill.
 */
export type RowStrategy = { readonly kind: 'own' } | { readonly kind: 'shared' };

/** Which groups are fitted: all, or only the listed keys (the others are left out of the sample and the result). */
export type GroupStrategy = { readonly kind: 'all' } | { readonly kind: 'only'; readonly keys: readonly GroupKey[] };

/**
 * Which x's are reported with a variance: all, or the listed ones. The others are fitted
 * as controls; their row-level score terms are not computed, which makes a clustered or
 * robust fit cheaper.
 */
export type TermStrategy = { readonly kind: 'all' } | { readonly kind: 'only'; readonly terms: readonly string[] };

/** Every row belongs to the group of its own `by` values (the default). */
export const ownRows: RowStrategy = Object.freeze({ kind: 'own' });

/** Rows whose last `by` value is NULL are shared by every group with the same other `by` values. */
export function sharedRows(): RowStrategy {
  return Object.freeze({ kind: 'shared' });
}

/** Every group of the split (the default). */
export const allGroups: GroupStrategy = Object.freeze({ kind: 'all' });

/** Only these groups (keys as `by` values in order; NULL is a value like any other). */
export function onlyGroups(keys: Iterable<GroupKey>): GroupStrategy {
  return Object.freeze({ kind: 'only', keys: Object.freeze([...keys].map((k) => Object.freeze([...k]))) });
}

/** Every kept x is reported (the default). */
export const allTerms: TermStrategy = Object.freeze({ kind: 'all' });

/** Only these x's are reported; the others are controls without score terms. */
export function reportTerms(terms: readonly string[]): TermStrategy {
  return Object.freeze({ kind: 'only', terms: Object.freeze([...terms]) });
}

/**
 * An Oaxaca–Blinder twofold decomposition of the mean gap in y between the rows with
 * `x` = 1 and `x` = 0 (`x` a 0/1 regressor of the model), with the pooled model itself
 * as the reference (Neumark; the model includes `x`): `total` = ȳ₁ − ȳ₀, `unexplained` =
 * the coefficient of `x`, `explained` = total − unexplained, split into one part per
 * group of regressors: Σ over the group's columns (x's, or every dummy of a fixed effect)
 * of (mean where x = 1 − mean where x = 0) × coefficient. Groups must cover every other
 * x and every fixed effect once, so the parts add up.
 */
export interface Decomposition {
  readonly x: string;
  /** Group name → the x columns and fixed effects it holds. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

/** Decompose the gap in y by the 0/1 regressor `x` into the given groups (see {@link Decomposition}). */
export function decompose(x: string, groups: Readonly<Record<string, readonly string[]>>): Decomposition {
  return Object.freeze({ x, groups: Object.freeze(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, Object.freeze([...v])]))) });
}

/** The strategies of one split fit, and an optional profiler. */
export interface FitOptions {
  readonly rows?: RowStrategy;
  readonly groups?: GroupStrategy;
  readonly terms?: TermStrategy;
  /**
   * Also decompose the gap by a 0/1 regressor (`FitResult.decomposition()`): each part is a
   * linear combination of the coefficients with the group means as fixed weights, and its
   * variance (every type the spec keeps) is computed from that combination's scores.
   */
  readonly decompose?: Decomposition;
  /** Called after each stage with the milliseconds since the fit started. */
  readonly profile?: (stage: string, ms: number) => void;
  /**
   * Rows per query of a two-way cluster score pass (default: the dialect's, DuckDB
   * {@link SCORE_BATCH_ROWS}, PostgreSQL one pass): the groups are scored in runs of
   * consecutive groups of about this many sample rows, so that the hash tables of the
   * cluster sums stay small. The results do not depend on it.
   */
  readonly scoreBatchRows?: number;
  /**
   * Columns the caller has already encoded as integers, so that the fit does not encode
   * them again (a fit otherwise reads each effect's and cluster's distinct values and joins
   * every row to them): see {@link Encoded}. The results are the same as with the values.
   */
  readonly encoded?: Encoded;
}

/**
 * Pre-encoded columns of a source (`FitOptions.encoded`), e.g. built once for several fits.
 * `fe`: by fixed effect (its name in the spec), the column of its level codes and the
 * labels: codes are integers 0 … labels.length − 1, never NULL, numbered in the order of
 * the effect's values (sorted, NULL last, as the engine orders levels); `labels[code]` is
 * the level's value as text (`NA` for NULL), which names a dropped dummy. Codes of levels
 * absent from the sample are allowed. `clusters`: cluster columns whose values are
 * integers (one value per cluster; NULL a missing cluster), used as they are.
 */
export interface Encoded {
  readonly fe?: Readonly<Record<string, EncodedLevels>>;
  readonly clusters?: readonly string[];
}

/** One pre-encoded fixed effect (see {@link Encoded}). */
export interface EncodedLevels {
  readonly column: string;
  readonly labels: readonly string[];
}

/**
 * `FitOptions.scoreBatchRows` on DuckDB: a cluster pass holds a hash-table entry per
 * (group, cluster[, cluster]) cell, up to one per row (about 100 bytes each in DuckDB), and
 * DuckDB aggregated 8M rows into 3.4M such cells about twice as fast in runs of 1M rows
 * as at once (smaller tables stay in cache).
 */
export const SCORE_BATCH_ROWS = 1_000_000;
